-- tenants.snapshot_seq now also counts changes to the tenant record's other columns (name,
-- organization, signing algorithm, lockout threshold, timestamps), so an isolate that finds the
-- counter unchanged after a revision move keeps the tenant record it holds instead of reading it
-- again (storage/decision-cache.ts). The counters themselves are left out.
DROP TRIGGER `tenants_snapshot_seq_update`;
--> statement-breakpoint
CREATE TRIGGER `tenants_snapshot_seq_update` AFTER UPDATE OF `organization_id`, `name`, `secret_hash`, `cache_ttl`, `cache_size`, `cache_size_by_path`, `cache_size_tree`, `trailing_slash_policy`, `cache_flush_time`, `signing_alg`, `lockout_threshold`, `created_at`, `updated_at` ON `tenants` BEGIN UPDATE `tenants` SET `snapshot_seq` = `snapshot_seq` + 1 WHERE `app_key` = NEW.`app_key`; END;

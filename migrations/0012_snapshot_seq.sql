ALTER TABLE `tenants` ADD `snapshot_seq` integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
-- Z-8: every change to what a tenant snapshot is compiled from counts up tenants.snapshot_seq in
-- the same transaction (hand-written below the generated line; drizzle-kit does not model triggers).
--> statement-breakpoint
CREATE TRIGGER `scopes_snapshot_seq_insert` AFTER INSERT ON `scopes` BEGIN UPDATE `tenants` SET `snapshot_seq` = `snapshot_seq` + 1 WHERE `app_key` = NEW.`tenant_id`; END;
--> statement-breakpoint
CREATE TRIGGER `scopes_snapshot_seq_update` AFTER UPDATE ON `scopes` BEGIN UPDATE `tenants` SET `snapshot_seq` = `snapshot_seq` + 1 WHERE `app_key` = NEW.`tenant_id`; END;
--> statement-breakpoint
CREATE TRIGGER `scopes_snapshot_seq_delete` AFTER DELETE ON `scopes` BEGIN UPDATE `tenants` SET `snapshot_seq` = `snapshot_seq` + 1 WHERE `app_key` = OLD.`tenant_id`; END;
--> statement-breakpoint
CREATE TRIGGER `role_relations_snapshot_seq_insert` AFTER INSERT ON `role_relations` BEGIN UPDATE `tenants` SET `snapshot_seq` = `snapshot_seq` + 1 WHERE `app_key` = NEW.`tenant_id`; END;
--> statement-breakpoint
CREATE TRIGGER `role_relations_snapshot_seq_update` AFTER UPDATE ON `role_relations` BEGIN UPDATE `tenants` SET `snapshot_seq` = `snapshot_seq` + 1 WHERE `app_key` = NEW.`tenant_id`; END;
--> statement-breakpoint
CREATE TRIGGER `role_relations_snapshot_seq_delete` AFTER DELETE ON `role_relations` BEGIN UPDATE `tenants` SET `snapshot_seq` = `snapshot_seq` + 1 WHERE `app_key` = OLD.`tenant_id`; END;
--> statement-breakpoint
CREATE TRIGGER `resources_snapshot_seq_insert` AFTER INSERT ON `resources` BEGIN UPDATE `tenants` SET `snapshot_seq` = `snapshot_seq` + 1 WHERE `app_key` = NEW.`tenant_id`; END;
--> statement-breakpoint
CREATE TRIGGER `resources_snapshot_seq_update` AFTER UPDATE ON `resources` BEGIN UPDATE `tenants` SET `snapshot_seq` = `snapshot_seq` + 1 WHERE `app_key` = NEW.`tenant_id`; END;
--> statement-breakpoint
CREATE TRIGGER `resources_snapshot_seq_delete` AFTER DELETE ON `resources` BEGIN UPDATE `tenants` SET `snapshot_seq` = `snapshot_seq` + 1 WHERE `app_key` = OLD.`tenant_id`; END;
--> statement-breakpoint
CREATE TRIGGER `resource_authorizations_snapshot_seq_insert` AFTER INSERT ON `resource_authorizations` BEGIN UPDATE `tenants` SET `snapshot_seq` = `snapshot_seq` + 1 WHERE `app_key` = NEW.`tenant_id`; END;
--> statement-breakpoint
CREATE TRIGGER `resource_authorizations_snapshot_seq_update` AFTER UPDATE ON `resource_authorizations` BEGIN UPDATE `tenants` SET `snapshot_seq` = `snapshot_seq` + 1 WHERE `app_key` = NEW.`tenant_id`; END;
--> statement-breakpoint
CREATE TRIGGER `resource_authorizations_snapshot_seq_delete` AFTER DELETE ON `resource_authorizations` BEGIN UPDATE `tenants` SET `snapshot_seq` = `snapshot_seq` + 1 WHERE `app_key` = OLD.`tenant_id`; END;
--> statement-breakpoint
CREATE TRIGGER `attributes_snapshot_seq_insert` AFTER INSERT ON `attributes` BEGIN UPDATE `tenants` SET `snapshot_seq` = `snapshot_seq` + 1 WHERE `app_key` = NEW.`tenant_id`; END;
--> statement-breakpoint
CREATE TRIGGER `attributes_snapshot_seq_update` AFTER UPDATE ON `attributes` BEGIN UPDATE `tenants` SET `snapshot_seq` = `snapshot_seq` + 1 WHERE `app_key` = NEW.`tenant_id`; END;
--> statement-breakpoint
CREATE TRIGGER `attributes_snapshot_seq_delete` AFTER DELETE ON `attributes` BEGIN UPDATE `tenants` SET `snapshot_seq` = `snapshot_seq` + 1 WHERE `app_key` = OLD.`tenant_id`; END;
--> statement-breakpoint
CREATE TRIGGER `permissions_snapshot_seq_insert` AFTER INSERT ON `permissions` BEGIN UPDATE `tenants` SET `snapshot_seq` = `snapshot_seq` + 1 WHERE `app_key` = NEW.`tenant_id`; END;
--> statement-breakpoint
CREATE TRIGGER `permissions_snapshot_seq_update` AFTER UPDATE ON `permissions` BEGIN UPDATE `tenants` SET `snapshot_seq` = `snapshot_seq` + 1 WHERE `app_key` = NEW.`tenant_id`; END;
--> statement-breakpoint
CREATE TRIGGER `permissions_snapshot_seq_delete` AFTER DELETE ON `permissions` BEGIN UPDATE `tenants` SET `snapshot_seq` = `snapshot_seq` + 1 WHERE `app_key` = OLD.`tenant_id`; END;
--> statement-breakpoint
CREATE TRIGGER `role_permissions_snapshot_seq_insert` AFTER INSERT ON `role_permissions` BEGIN UPDATE `tenants` SET `snapshot_seq` = `snapshot_seq` + 1 WHERE `app_key` = NEW.`tenant_id`; END;
--> statement-breakpoint
CREATE TRIGGER `role_permissions_snapshot_seq_update` AFTER UPDATE ON `role_permissions` BEGIN UPDATE `tenants` SET `snapshot_seq` = `snapshot_seq` + 1 WHERE `app_key` = NEW.`tenant_id`; END;
--> statement-breakpoint
CREATE TRIGGER `role_permissions_snapshot_seq_delete` AFTER DELETE ON `role_permissions` BEGIN UPDATE `tenants` SET `snapshot_seq` = `snapshot_seq` + 1 WHERE `app_key` = OLD.`tenant_id`; END;
--> statement-breakpoint
CREATE TRIGGER `groups_snapshot_seq_insert` AFTER INSERT ON `groups` BEGIN UPDATE `tenants` SET `snapshot_seq` = `snapshot_seq` + 1 WHERE `app_key` = NEW.`tenant_id`; END;
--> statement-breakpoint
CREATE TRIGGER `groups_snapshot_seq_update` AFTER UPDATE ON `groups` BEGIN UPDATE `tenants` SET `snapshot_seq` = `snapshot_seq` + 1 WHERE `app_key` = NEW.`tenant_id`; END;
--> statement-breakpoint
CREATE TRIGGER `groups_snapshot_seq_delete` AFTER DELETE ON `groups` BEGIN UPDATE `tenants` SET `snapshot_seq` = `snapshot_seq` + 1 WHERE `app_key` = OLD.`tenant_id`; END;
--> statement-breakpoint
CREATE TRIGGER `tenants_snapshot_seq_update` AFTER UPDATE OF `secret_hash`, `cache_ttl`, `cache_size`, `cache_size_by_path`, `cache_size_tree`, `trailing_slash_policy`, `cache_flush_time` ON `tenants` BEGIN UPDATE `tenants` SET `snapshot_seq` = `snapshot_seq` + 1 WHERE `app_key` = NEW.`app_key`; END;

-- audit_log gains organization_id, and tenant_id becomes nullable (organization writes belong to no
-- tenant): SQLite rebuilds the table. Edited by hand after drizzle-kit: nothing references
-- audit_log, so no foreign-key pragma is needed (D1 ignores it anyway), and the old rows' new
-- column is NULL (drizzle-kit selected "organization_id", which SQLite reads as a string literal).
--> statement-breakpoint
CREATE TABLE `__new_audit_log` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text,
	`organization_id` text,
	`at` text NOT NULL,
	`revision` integer,
	`face` text NOT NULL,
	`actor_kind` text NOT NULL,
	`actor_id` text,
	`client_id` text,
	`actor_tenant_id` text,
	`operator_uuid` text,
	`action` text NOT NULL,
	`target` text DEFAULT '{}' NOT NULL,
	`request_id` text
);
--> statement-breakpoint
INSERT INTO `__new_audit_log`("id", "tenant_id", "organization_id", "at", "revision", "face", "actor_kind", "actor_id", "client_id", "actor_tenant_id", "operator_uuid", "action", "target", "request_id") SELECT "id", "tenant_id", NULL, "at", "revision", "face", "actor_kind", "actor_id", "client_id", "actor_tenant_id", "operator_uuid", "action", "target", "request_id" FROM `audit_log`;--> statement-breakpoint
DROP TABLE `audit_log`;--> statement-breakpoint
ALTER TABLE `__new_audit_log` RENAME TO `audit_log`;--> statement-breakpoint
CREATE INDEX `audit_log_tenant_at_idx` ON `audit_log` (`tenant_id`,`at`);--> statement-breakpoint
CREATE INDEX `audit_log_organization_at_idx` ON `audit_log` (`organization_id`,`at`);
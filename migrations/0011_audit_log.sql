CREATE TABLE `audit_log` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
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
CREATE INDEX `audit_log_tenant_at_idx` ON `audit_log` (`tenant_id`,`at`);
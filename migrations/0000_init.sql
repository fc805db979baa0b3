CREATE TABLE `organizations` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `tenants` (
	`app_key` text PRIMARY KEY NOT NULL,
	`organization_id` text,
	`name` text NOT NULL,
	`secret_hash` text NOT NULL,
	`cache_ttl` integer DEFAULT 300 NOT NULL,
	`cache_size` integer DEFAULT 1000000 NOT NULL,
	`cache_size_by_path` integer DEFAULT 1000000 NOT NULL,
	`cache_size_tree` integer DEFAULT 1000000 NOT NULL,
	`trailing_slash_policy` text DEFAULT 'NON_IDENTICAL_PATH' NOT NULL,
	`cache_flush_time` text DEFAULT '' NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `tenants_org_idx` ON `tenants` (`organization_id`);--> statement-breakpoint
CREATE TABLE `attribute_roles` (
	`tenant_id` text NOT NULL,
	`attribute_id` text NOT NULL,
	`role_id` text NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`tenant_id`, `attribute_id`, `role_id`)
);
--> statement-breakpoint
CREATE INDEX `ar_role_idx` ON `attribute_roles` (`tenant_id`,`role_id`);--> statement-breakpoint
CREATE TABLE `attribute_tags` (
	`tenant_id` text NOT NULL,
	`attribute_id` text NOT NULL,
	`attribute_tag_id` text NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`tenant_id`, `attribute_id`, `attribute_tag_id`)
);
--> statement-breakpoint
CREATE INDEX `at_tag_idx` ON `attribute_tags` (`tenant_id`,`attribute_tag_id`);--> statement-breakpoint
CREATE TABLE `attributes` (
	`tenant_id` text NOT NULL,
	`attribute_id` text NOT NULL,
	`attribute_name` text,
	`description` text,
	`data_type` text NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`tenant_id`, `attribute_id`)
);
--> statement-breakpoint
CREATE TABLE `operations` (
	`tenant_id` text NOT NULL,
	`operation_id` text NOT NULL,
	`description` text,
	`created_at` text NOT NULL,
	PRIMARY KEY(`tenant_id`, `operation_id`)
);
--> statement-breakpoint
CREATE TABLE `resource_authorizations` (
	`tenant_id` text NOT NULL,
	`resource_id` text NOT NULL,
	`role_id` text NOT NULL,
	`operation_id` text NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`tenant_id`, `resource_id`, `role_id`, `operation_id`)
);
--> statement-breakpoint
CREATE INDEX `ra_role_idx` ON `resource_authorizations` (`tenant_id`,`role_id`);--> statement-breakpoint
CREATE INDEX `ra_operation_idx` ON `resource_authorizations` (`tenant_id`,`operation_id`);--> statement-breakpoint
CREATE TABLE `resources` (
	`tenant_id` text NOT NULL,
	`resource_id` text NOT NULL,
	`path` text NOT NULL,
	`ui_path` text NOT NULL,
	`name` text,
	`description` text,
	`priority` integer NOT NULL,
	`metadata` text,
	`created_at` text NOT NULL,
	PRIMARY KEY(`tenant_id`, `resource_id`)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `resources_path_uq` ON `resources` (`tenant_id`,`path`);--> statement-breakpoint
CREATE UNIQUE INDEX `resources_ui_path_uq` ON `resources` (`tenant_id`,`ui_path`);--> statement-breakpoint
CREATE TABLE `role_relations` (
	`tenant_id` text NOT NULL,
	`role_id` text NOT NULL,
	`related_role_id` text NOT NULL,
	`policy` text NOT NULL,
	`conditions` text DEFAULT '[]' NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`tenant_id`, `role_id`, `related_role_id`)
);
--> statement-breakpoint
CREATE INDEX `rr_related_idx` ON `role_relations` (`tenant_id`,`related_role_id`);--> statement-breakpoint
CREATE TABLE `role_tags` (
	`tenant_id` text NOT NULL,
	`role_id` text NOT NULL,
	`role_tag_id` text NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`tenant_id`, `role_id`, `role_tag_id`)
);
--> statement-breakpoint
CREATE INDEX `rt_tag_idx` ON `role_tags` (`tenant_id`,`role_tag_id`);--> statement-breakpoint
CREATE TABLE `roles` (
	`tenant_id` text NOT NULL,
	`role_id` text NOT NULL,
	`role_name` text,
	`role_group` text,
	`description` text,
	`exposure_order` integer DEFAULT 0 NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`tenant_id`, `role_id`)
);
--> statement-breakpoint
CREATE TABLE `scopes` (
	`tenant_id` text NOT NULL,
	`scope_id` text NOT NULL,
	`description` text,
	`created_at` text NOT NULL,
	PRIMARY KEY(`tenant_id`, `scope_id`)
);
--> statement-breakpoint
CREATE TABLE `user_histories` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` text NOT NULL,
	`command` text NOT NULL,
	`user_id` text NOT NULL,
	`role_id` text,
	`scope_id` text,
	`policy` text,
	`conditions` text DEFAULT '[]' NOT NULL,
	`execution_time` text NOT NULL,
	`operator_uuid` text
);
--> statement-breakpoint
CREATE INDEX `uh_user_idx` ON `user_histories` (`tenant_id`,`user_id`,`seq`);--> statement-breakpoint
CREATE TABLE `user_role_relations` (
	`tenant_id` text NOT NULL,
	`user_id` text NOT NULL,
	`role_id` text NOT NULL,
	`scope_id` text NOT NULL,
	`policy` text NOT NULL,
	`conditions` text DEFAULT '[]' NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`tenant_id`, `user_id`, `role_id`, `scope_id`)
);
--> statement-breakpoint
CREATE INDEX `urr_role_idx` ON `user_role_relations` (`tenant_id`,`role_id`);--> statement-breakpoint
CREATE INDEX `urr_scope_idx` ON `user_role_relations` (`tenant_id`,`scope_id`);--> statement-breakpoint
CREATE TABLE `users` (
	`tenant_id` text NOT NULL,
	`user_id` text NOT NULL,
	`description` text,
	`created_at` text NOT NULL,
	PRIMARY KEY(`tenant_id`, `user_id`)
);

CREATE TABLE `permissions` (
	`tenant_id` text NOT NULL,
	`permission_id` text NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`allowed_endpoints` text DEFAULT '[]' NOT NULL,
	`denied_endpoints` text DEFAULT '[]' NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`tenant_id`, `permission_id`)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `permissions_name_uq` ON `permissions` (`tenant_id`,`name`);--> statement-breakpoint
CREATE TABLE `role_permissions` (
	`tenant_id` text NOT NULL,
	`role_id` text NOT NULL,
	`permission_id` text NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`tenant_id`, `role_id`, `permission_id`)
);
--> statement-breakpoint
CREATE INDEX `rp_permission_idx` ON `role_permissions` (`tenant_id`,`permission_id`);--> statement-breakpoint
CREATE TABLE `group_members` (
	`tenant_id` text NOT NULL,
	`group_id` text NOT NULL,
	`user_id` text NOT NULL,
	`is_owner` integer DEFAULT false NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`tenant_id`, `group_id`, `user_id`)
);
--> statement-breakpoint
CREATE INDEX `group_members_user_idx` ON `group_members` (`tenant_id`,`user_id`);--> statement-breakpoint
CREATE TABLE `groups` (
	`tenant_id` text NOT NULL,
	`group_id` text NOT NULL,
	`parent_group_id` text,
	`name` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`tenant_id`, `group_id`)
);
--> statement-breakpoint
CREATE INDEX `groups_parent_idx` ON `groups` (`tenant_id`,`parent_group_id`);--> statement-breakpoint
CREATE TABLE `edges` (
	`tenant_id` text NOT NULL,
	`edge_id` text NOT NULL,
	`owner_user_id` text,
	`name` text NOT NULL,
	`nickname` text DEFAULT '' NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`tenant_id`, `edge_id`)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `edges_name_uq` ON `edges` (`tenant_id`,`name`);--> statement-breakpoint
CREATE INDEX `edges_owner_idx` ON `edges` (`tenant_id`,`owner_user_id`);--> statement-breakpoint
CREATE TABLE `mail_outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` text NOT NULL,
	`to_address` text NOT NULL,
	`kind` text NOT NULL,
	`subject` text NOT NULL,
	`body` text NOT NULL,
	`created_at` text NOT NULL,
	`sent_at` text
);
--> statement-breakpoint
CREATE INDEX `mail_outbox_tenant_idx` ON `mail_outbox` (`tenant_id`,`id`);--> statement-breakpoint
ALTER TABLE `roles` ADD `updated_at` text;--> statement-breakpoint
ALTER TABLE `user_emails` ADD `verification_token_hash` text;--> statement-breakpoint
ALTER TABLE `user_emails` ADD `verification_expires_at` integer;--> statement-breakpoint
-- Tenants created before this migration get the default access model that new tenants are created with
-- (src/domain/permissions/defaults.ts): permission `all` held by role `admin`, permission `me` by role `member`.
INSERT INTO `permissions` (`tenant_id`, `permission_id`, `name`, `description`, `allowed_endpoints`, `denied_endpoints`, `created_at`, `updated_at`)
SELECT `app_key`, lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-a' || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))),
       'all', 'Every endpoint', '[{"method":"*","path":"/**"}]', '[]', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
FROM `tenants`;
--> statement-breakpoint
INSERT INTO `permissions` (`tenant_id`, `permission_id`, `name`, `description`, `allowed_endpoints`, `denied_endpoints`, `created_at`, `updated_at`)
SELECT `app_key`, lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-a' || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))),
       'me', 'The caller''s own endpoints',
       '[{"method":"*","path":"/v1/me"},{"method":"*","path":"/v1/me/**"},{"method":"GET","path":"/v1/edges/me"},{"method":"POST","path":"/v1/authorization/http/me"}]',
       '[]', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
FROM `tenants`;
--> statement-breakpoint
INSERT INTO `roles` (`tenant_id`, `role_id`, `role_name`, `role_group`, `description`, `exposure_order`, `created_at`)
SELECT `app_key`, lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-a' || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))),
       'admin', 'Default administrator role (permission all)', NULL, 0, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
FROM `tenants`;
--> statement-breakpoint
INSERT INTO `roles` (`tenant_id`, `role_id`, `role_name`, `role_group`, `description`, `exposure_order`, `created_at`)
SELECT `app_key`, lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-a' || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))),
       'member', 'Default member role (permission me)', NULL, 0, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
FROM `tenants`;
--> statement-breakpoint
INSERT INTO `role_permissions` (`tenant_id`, `role_id`, `permission_id`, `created_at`)
SELECT r.`tenant_id`, r.`role_id`, p.`permission_id`, r.`created_at`
FROM `roles` r JOIN `permissions` p ON p.`tenant_id` = r.`tenant_id`
WHERE (r.`role_name` = 'admin' AND r.`description` = 'Default administrator role (permission all)' AND p.`name` = 'all')
   OR (r.`role_name` = 'member' AND r.`description` = 'Default member role (permission me)' AND p.`name` = 'me');

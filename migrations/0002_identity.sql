CREATE TABLE `identity_accounts` (
	`tenant_id` text NOT NULL,
	`user_id` text NOT NULL,
	`name` text NOT NULL,
	`nickname` text DEFAULT '' NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`disabled` integer DEFAULT false NOT NULL,
	`is_super` integer DEFAULT false NOT NULL,
	`password_hash` text NOT NULL,
	`password_is_temporary` integer DEFAULT true NOT NULL,
	`attempt_count` integer DEFAULT 0 NOT NULL,
	`last_attempt_at` text,
	`password_created_at` text NOT NULL,
	`password_updated_at` text NOT NULL,
	`last_sign_in_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`tenant_id`, `user_id`)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `identity_accounts_name_uq` ON `identity_accounts` (`tenant_id`,`name`);--> statement-breakpoint
CREATE TABLE `refresh_tokens` (
	`tenant_id` text NOT NULL,
	`token_hash` text NOT NULL,
	`family_id` text NOT NULL,
	`client_id` text NOT NULL,
	`user_id` text NOT NULL,
	`scope` text DEFAULT '' NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` text,
	`revoked` integer DEFAULT false NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`tenant_id`, `token_hash`)
);
--> statement-breakpoint
CREATE INDEX `refresh_tokens_family_idx` ON `refresh_tokens` (`tenant_id`,`family_id`);
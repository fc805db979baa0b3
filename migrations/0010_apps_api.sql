CREATE TABLE `app_allowed_clients` (
	`tenant_id` text NOT NULL,
	`client_id` text NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`tenant_id`, `client_id`)
);
--> statement-breakpoint
CREATE TABLE `contracts` (
	`tenant_id` text NOT NULL,
	`service_partition` text NOT NULL,
	`body` text NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`tenant_id`, `service_partition`)
);
--> statement-breakpoint
CREATE TABLE `images` (
	`tenant_id` text NOT NULL,
	`owner_kind` text NOT NULL,
	`owner_id` text NOT NULL,
	`content_type` text NOT NULL,
	`data` text NOT NULL,
	`size` integer NOT NULL,
	`etag` text NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`tenant_id`, `owner_kind`, `owner_id`)
);

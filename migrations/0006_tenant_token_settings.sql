ALTER TABLE `tenants` ADD `signing_alg` text DEFAULT 'ES256' NOT NULL;--> statement-breakpoint
ALTER TABLE `tenants` ADD `lockout_threshold` integer DEFAULT 5 NOT NULL;
ALTER TABLE `refresh_tokens` ADD `access_jti` text;--> statement-breakpoint
ALTER TABLE `refresh_tokens` ADD `access_exp` integer;
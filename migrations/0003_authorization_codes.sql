CREATE TABLE `authorization_codes` (
	`tenant_id` text NOT NULL,
	`code_hash` text NOT NULL,
	`client_id` text NOT NULL,
	`user_id` text NOT NULL,
	`redirect_uri` text NOT NULL,
	`code_challenge` text,
	`scope` text DEFAULT '' NOT NULL,
	`nonce` text,
	`auth_time` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` text,
	`issued_family_id` text,
	`issued_jti` text,
	`issued_exp` integer,
	PRIMARY KEY(`tenant_id`, `code_hash`)
);

CREATE TABLE `user_changes` (
	`tenant_id` text NOT NULL,
	`user_id` text NOT NULL,
	`seq` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `user_id`)
);
--> statement-breakpoint
CREATE INDEX `user_changes_seq_idx` ON `user_changes` (`tenant_id`,`seq`);--> statement-breakpoint
ALTER TABLE `tenants` ADD `user_seq` integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
-- Every change to what a user's relations are read from counts up tenants.user_seq and records
-- the new count as that user's latest change, in the writing transaction itself (hand-written
-- below the generated lines; drizzle-kit does not model triggers). Users and edges count by
-- existence, group memberships by group; their other columns are not part of the relations.
--> statement-breakpoint
CREATE TRIGGER `users_user_seq_insert` AFTER INSERT ON `users` BEGIN UPDATE `tenants` SET `user_seq` = `user_seq` + 1 WHERE `app_key` = NEW.`tenant_id`; INSERT INTO `user_changes` (`tenant_id`, `user_id`, `seq`) SELECT `app_key`, NEW.`user_id`, `user_seq` FROM `tenants` WHERE `app_key` = NEW.`tenant_id` ON CONFLICT (`tenant_id`, `user_id`) DO UPDATE SET `seq` = excluded.`seq`; END;
--> statement-breakpoint
CREATE TRIGGER `users_user_seq_delete` AFTER DELETE ON `users` BEGIN UPDATE `tenants` SET `user_seq` = `user_seq` + 1 WHERE `app_key` = OLD.`tenant_id`; INSERT INTO `user_changes` (`tenant_id`, `user_id`, `seq`) SELECT `app_key`, OLD.`user_id`, `user_seq` FROM `tenants` WHERE `app_key` = OLD.`tenant_id` ON CONFLICT (`tenant_id`, `user_id`) DO UPDATE SET `seq` = excluded.`seq`; END;
--> statement-breakpoint
CREATE TRIGGER `user_role_relations_user_seq_insert` AFTER INSERT ON `user_role_relations` BEGIN UPDATE `tenants` SET `user_seq` = `user_seq` + 1 WHERE `app_key` = NEW.`tenant_id`; INSERT INTO `user_changes` (`tenant_id`, `user_id`, `seq`) SELECT `app_key`, NEW.`user_id`, `user_seq` FROM `tenants` WHERE `app_key` = NEW.`tenant_id` ON CONFLICT (`tenant_id`, `user_id`) DO UPDATE SET `seq` = excluded.`seq`; END;
--> statement-breakpoint
CREATE TRIGGER `user_role_relations_user_seq_update` AFTER UPDATE ON `user_role_relations` BEGIN UPDATE `tenants` SET `user_seq` = `user_seq` + 1 WHERE `app_key` = NEW.`tenant_id`; INSERT INTO `user_changes` (`tenant_id`, `user_id`, `seq`) SELECT `app_key`, NEW.`user_id`, `user_seq` FROM `tenants` WHERE `app_key` = NEW.`tenant_id` ON CONFLICT (`tenant_id`, `user_id`) DO UPDATE SET `seq` = excluded.`seq`; END;
--> statement-breakpoint
CREATE TRIGGER `user_role_relations_user_seq_delete` AFTER DELETE ON `user_role_relations` BEGIN UPDATE `tenants` SET `user_seq` = `user_seq` + 1 WHERE `app_key` = OLD.`tenant_id`; INSERT INTO `user_changes` (`tenant_id`, `user_id`, `seq`) SELECT `app_key`, OLD.`user_id`, `user_seq` FROM `tenants` WHERE `app_key` = OLD.`tenant_id` ON CONFLICT (`tenant_id`, `user_id`) DO UPDATE SET `seq` = excluded.`seq`; END;
--> statement-breakpoint
CREATE TRIGGER `group_members_user_seq_insert` AFTER INSERT ON `group_members` BEGIN UPDATE `tenants` SET `user_seq` = `user_seq` + 1 WHERE `app_key` = NEW.`tenant_id`; INSERT INTO `user_changes` (`tenant_id`, `user_id`, `seq`) SELECT `app_key`, NEW.`user_id`, `user_seq` FROM `tenants` WHERE `app_key` = NEW.`tenant_id` ON CONFLICT (`tenant_id`, `user_id`) DO UPDATE SET `seq` = excluded.`seq`; END;
--> statement-breakpoint
CREATE TRIGGER `group_members_user_seq_delete` AFTER DELETE ON `group_members` BEGIN UPDATE `tenants` SET `user_seq` = `user_seq` + 1 WHERE `app_key` = OLD.`tenant_id`; INSERT INTO `user_changes` (`tenant_id`, `user_id`, `seq`) SELECT `app_key`, OLD.`user_id`, `user_seq` FROM `tenants` WHERE `app_key` = OLD.`tenant_id` ON CONFLICT (`tenant_id`, `user_id`) DO UPDATE SET `seq` = excluded.`seq`; END;
--> statement-breakpoint
CREATE TRIGGER `edges_user_seq_insert` AFTER INSERT ON `edges` BEGIN UPDATE `tenants` SET `user_seq` = `user_seq` + 1 WHERE `app_key` = NEW.`tenant_id`; INSERT INTO `user_changes` (`tenant_id`, `user_id`, `seq`) SELECT `app_key`, NEW.`edge_id`, `user_seq` FROM `tenants` WHERE `app_key` = NEW.`tenant_id` ON CONFLICT (`tenant_id`, `user_id`) DO UPDATE SET `seq` = excluded.`seq`; END;
--> statement-breakpoint
CREATE TRIGGER `edges_user_seq_delete` AFTER DELETE ON `edges` BEGIN UPDATE `tenants` SET `user_seq` = `user_seq` + 1 WHERE `app_key` = OLD.`tenant_id`; INSERT INTO `user_changes` (`tenant_id`, `user_id`, `seq`) SELECT `app_key`, OLD.`edge_id`, `user_seq` FROM `tenants` WHERE `app_key` = OLD.`tenant_id` ON CONFLICT (`tenant_id`, `user_id`) DO UPDATE SET `seq` = excluded.`seq`; END;

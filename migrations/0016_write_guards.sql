CREATE TABLE `write_guards` (
	`rule` text NOT NULL,
	CONSTRAINT "write_guards_refuse_every_row" CHECK(0)
);

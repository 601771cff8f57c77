CREATE TABLE `heartbeats` (
	`job` text PRIMARY KEY NOT NULL,
	`last_run_at_ms` integer NOT NULL,
	`trigger` text NOT NULL,
	`runs` integer DEFAULT 0 NOT NULL
);

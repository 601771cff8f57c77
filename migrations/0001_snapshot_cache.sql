CREATE TABLE `reference_data` (
	`key` text PRIMARY KEY NOT NULL,
	`fetched_at_ms` integer NOT NULL,
	`expires_at_ms` integer NOT NULL,
	`payload_version` integer NOT NULL,
	`payload` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `snapshots` (
	`venue` text NOT NULL,
	`chain_id` integer NOT NULL,
	`market` text NOT NULL,
	`account` text NOT NULL,
	`margin_account_id` text NOT NULL,
	`payload_version` integer NOT NULL,
	`payload` text NOT NULL,
	PRIMARY KEY(`venue`, `chain_id`, `market`, `account`, `margin_account_id`)
);
--> statement-breakpoint
CREATE TABLE `source_reads` (
	`venue` text NOT NULL,
	`chain_id` integer NOT NULL,
	`market` text NOT NULL,
	`account` text NOT NULL,
	`ok_at_ms` integer,
	`as_of_sec` integer,
	`block_number` text,
	`latency_ms` integer,
	`error_code` text,
	`error_message` text,
	`error_at_ms` integer,
	PRIMARY KEY(`venue`, `chain_id`, `market`, `account`)
);

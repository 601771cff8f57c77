CREATE TABLE `risk_minutes` (
	`margin_account_id` text NOT NULL,
	`minute_ms` integer NOT NULL,
	`account` text NOT NULL,
	`protocol` text NOT NULL,
	`equity_usd` text NOT NULL,
	`maintenance_margin_usd` text NOT NULL,
	`margin_ratio` text NOT NULL,
	`health_factor` text,
	`liquidatable` integer NOT NULL,
	PRIMARY KEY(`margin_account_id`, `minute_ms`)
);
--> statement-breakpoint
CREATE INDEX `risk_minutes_account` ON `risk_minutes` (`account`,`minute_ms`);--> statement-breakpoint
CREATE TABLE `risk_watches` (
	`key` text PRIMARY KEY NOT NULL,
	`addresses` text NOT NULL,
	`streams` integer NOT NULL,
	`expires_at_ms` integer NOT NULL
);

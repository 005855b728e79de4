"""Operations: running Kabar. The serve, worker, backup and restore commands, the worker's clock and
its leases (one worker runs each periodic job), the supervisor behind `make serve`, and backups."""

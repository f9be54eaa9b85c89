"""Recovering from dead workers and lost messages: leases kept fresh while a job runs, and the
sweeper that queues again what a lease or a doorbell says was lost."""

"""`make bench`: start-up, transfer and Lighthouse figures for the case check (issue 5)."""

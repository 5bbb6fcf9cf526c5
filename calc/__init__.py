"""Case check for a single liver metastasis from HR-positive breast cancer (placeholder)."""

"""Test helpers shared by the suite (database provisioning lives in `databases`)."""

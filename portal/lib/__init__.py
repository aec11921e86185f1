"""Plain helpers without models that several apps use."""

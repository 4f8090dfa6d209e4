"""Pure rules of sayso: plans, consultations, submissions. No AWS, no HTTP."""

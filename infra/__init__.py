"""The deployment: a CDK app, one stack per consultation (docs/deploy.md)."""

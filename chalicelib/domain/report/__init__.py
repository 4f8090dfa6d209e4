"""The consolidated report: pure functions that fold a stream of submissions into the files staff
download (summary, CSV/XLSX, GeoJSON pins, alternatives and consensus, HTML). No AWS here: the job
that reads DynamoDB and writes S3 lives in services/ and store/."""

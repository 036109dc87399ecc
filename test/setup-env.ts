// e2e tests choose their database through DATABASE_URL (CI sets it to PostgreSQL); nothing else leaks in.
process.env.TZ = 'UTC';

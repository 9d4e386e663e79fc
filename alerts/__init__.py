"""Daily alert digests by email: what each subscription is sent, the mail itself, delivery over SMTP."""

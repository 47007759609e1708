"""Every read of the intake area. Staff reads take the user and return only what their office allows;
public reads (kiosk, ticket page, board, booking pages) return no personal data."""

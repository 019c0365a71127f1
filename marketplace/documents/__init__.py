"""Documents Lakou issues as PDF: receipts (later invoices and credit notes), numbered without
gaps per issuer and per year."""

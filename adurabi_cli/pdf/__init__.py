"""PDF documents, written with fpdf2 (imported only by the commands that write one)."""

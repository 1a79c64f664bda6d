"""Excel workbooks: recap writer, entry template writer, and the reader behind import."""

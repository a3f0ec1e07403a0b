"""The portfolio's documents: html dashboard, workbook (one row per municipality), ministry summary (docx)."""

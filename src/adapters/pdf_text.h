#ifndef KLUIS_ADAPTERS_PDF_TEXT_H
#define KLUIS_ADAPTERS_PDF_TEXT_H

/* Simple text documents as PDF (cairo): a title and paragraphs on A4 pages,
 * wrapped at the page width, new pages as needed. For documents the system
 * writes itself (demo documents now; later signed agreements and
 * questionnaire answers). */

#define PDF_TEXT_MAX_PARAGRAPHS 200
#define PDF_TEXT_MAX_CHARS (256 * 1024) /* all paragraphs together */

/* pdf_text_write: write title and the NULL-terminated paragraphs (UTF-8)
 * to out_pdf (created or truncated). K_OK; K_EINVAL for NULL arguments,
 * more than PDF_TEXT_MAX_PARAGRAPHS paragraphs or PDF_TEXT_MAX_CHARS bytes;
 * K_EIO if the file cannot be written (it is then removed). */
int pdf_text_write(const char *out_pdf, const char *title, const char *const *paragraphs);

#endif

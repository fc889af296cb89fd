/* Text documents as PDF (adapters/pdf_text.c): readable by qpdf, wrapped onto
 * more pages when long, bounded input. */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "adapters/pdf.h"
#include "adapters/pdf_text.h"
#include "util/err.h"

static char path[64];

static int setup(void **state)
{
	snprintf(path, sizeof path, "/tmp/kluis-pdftext-%d.pdf", (int)getpid());
	return 0;
}

static int teardown(void **state)
{
	unlink(path);
	return 0;
}

static void test_one_page(void **state)
{
	const char *text[] = {"Eerste alinea met wat tekst.", "Tweede alinea.", NULL};
	struct pdf_info info;
	assert_int_equal(pdf_text_write(path, "Privacyverklaring", text), K_OK);
	assert_int_equal(pdf_inspect(path, &info), K_OK);
	assert_int_equal(info.pages, 1);
	assert_false(info.encrypted);
}

static void test_long_text_wraps_onto_pages(void **state)
{
	/* 120 paragraphs of ~60 words: far more than one A4 page holds */
	static char para[600];
	para[0] = '\0';
	for (int i = 0; i < 60; i++)
		strcat(para, "woord ");
	const char *text[121];
	for (int i = 0; i < 120; i++)
		text[i] = para;
	text[120] = NULL;
	struct pdf_info info;
	assert_int_equal(pdf_text_write(path, "Lang document", text), K_OK);
	assert_int_equal(pdf_inspect(path, &info), K_OK);
	assert_true(info.pages >= 10);
	/* a word longer than a line is cut, never overflows */
	static char word[5000];
	memset(word, 'x', sizeof word - 1);
	const char *one[] = {word, NULL};
	assert_int_equal(pdf_text_write(path, "Lang woord", one), K_OK);
	assert_int_equal(pdf_inspect(path, &info), K_OK);
}

static void test_bounds(void **state)
{
	const char *text[PDF_TEXT_MAX_PARAGRAPHS + 2];
	for (int i = 0; i <= PDF_TEXT_MAX_PARAGRAPHS; i++)
		text[i] = "x";
	text[PDF_TEXT_MAX_PARAGRAPHS + 1] = NULL;
	assert_int_equal(pdf_text_write(path, "Te veel", text), K_EINVAL);
	assert_int_equal(pdf_text_write(NULL, "x", text), K_EINVAL);
	const char *none[] = {NULL};
	assert_int_equal(pdf_text_write("/nonexistent-dir/x.pdf", "x", none), K_EIO);
	assert_int_equal(access("/nonexistent-dir/x.pdf", F_OK), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_one_page, setup, teardown),
		cmocka_unit_test_setup_teardown(test_long_text_wraps_onto_pages, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bounds, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* The client's upload (R3, X3) of an iPhone photo: a HEIC/HEIF file is typed
 * by content, decoded with libheif and stored as one A4 PDF page, alone or
 * merged with PDFs; a HEIC that cannot be decoded is refused. The HEICs are
 * encoded at run time with libheif's HEVC encoder (x265), in memory. */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <libheif/heif.h>
#include "adapters/convert.h"
#include "adapters/pdf.h"
#include "docgen.h"
#include "util/err.h"
#include "vaultc.h"

/* x265 (libheif's HEVC encoder, used here only to make test photos) leaks
 * about 1 KiB in every x265_encoder_open; not ours, so LeakSanitizer is
 * told to ignore it (read by ASan builds only). x265 has no frame
 * pointers: only the library itself shows in the leak's stack. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libx265.so\n";
}

static struct heif_error to_mem(struct heif_context *ctx, const void *data, size_t size, void *userdata)
{
	struct mem *m = userdata;
	struct heif_error ok = {heif_error_Ok, heif_suberror_Unspecified, "Success"};

	m->data = realloc(m->data, m->len + size);
	assert_non_null(m->data);
	memcpy(m->data + m->len, data, size);
	m->len += size;
	return ok;
}

/* make_heic: a w x h HEIC photo (a grey gradient), as an iPhone would send
 * it, in memory. */
static struct mem make_heic(int w, int h)
{
	struct heif_writer writer = {.writer_api_version = 1, .write = to_mem};
	struct heif_context *ctx = heif_context_alloc();
	struct heif_encoder *enc = NULL;
	struct heif_image *img = NULL;
	struct mem m = {NULL, 0};
	uint8_t *px;
	int stride;

	assert_int_equal(heif_context_get_encoder_for_format(ctx, heif_compression_HEVC, &enc).code, heif_error_Ok);
	assert_int_equal(heif_image_create(w, h, heif_colorspace_RGB, heif_chroma_interleaved_RGB, &img).code,
			 heif_error_Ok);
	assert_int_equal(heif_image_add_plane(img, heif_channel_interleaved, w, h, 8).code, heif_error_Ok);
	px = heif_image_get_plane(img, heif_channel_interleaved, &stride);
	for (int y = 0; y < h; y++)
		memset(px + y * stride, 60 + 120 * y / h, 3 * (size_t)w);
	assert_int_equal(heif_context_encode_image(ctx, img, enc, NULL, NULL).code, heif_error_Ok);
	assert_int_equal(heif_context_write(ctx, &writer, &m).code, heif_error_Ok);
	heif_image_release(img);
	heif_encoder_release(enc);
	heif_context_free(ctx);
	assert_true(m.len > 12 && memcmp(m.data + 4, "ftypheic", 8) == 0);
	return m;
}

/* stored_pages: the advisor downloads document doc; its page count as
 * pdf_inspect reads it. */
static int stored_pages(struct httpc *s, int64_t doc)
{
	struct http_resp r;
	struct pdf_info info;
	char path[512];
	FILE *f;

	assert_int_equal(httpc_req(s, "GET", pathf("/api/v1/documents/%lld/content", (long long)doc), NULL, NULL, 0, &r),
			 0);
	assert_int_equal(r.status, 200);
	snprintf(path, sizeof path, "%s/download.pdf", T.dir);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(r.body.data, 1, r.body.len, f), r.body.len);
	assert_int_equal(fclose(f), 0);
	http_resp_free(&r);
	assert_int_equal(pdf_inspect(path, &info), K_OK);
	assert_int_equal(info.encrypted, 0);
	remove(path);
	return info.pages;
}

static void test_heic_photo_becomes_a_page(void **state)
{
	struct httpc s, cl;
	struct http_resp r;
	int64_t d, item;
	vt_upload_scene(&s, &cl, "mila@voorbeeld.nl", 1, &d, &item);
	struct mem photo = make_heic(64, 48);
	const char *names[] = {"IMG_0001.HEIC"};
	const void *datas[] = {photo.data};
	size_t lens[] = {photo.len};
	assert_int_equal(vt_upload(&cl, item, 1, names, datas, lens, &r), 201);
	assert_int_equal(json_integer_value(json_object_get(r.json, "pages")), 1);
	int64_t doc = json_integer_value(json_object_get(r.json, "document_id"));
	assert_true(doc > 0);
	http_resp_free(&r);
	/* what is stored is a readable one-page PDF */
	assert_int_equal(stored_pages(&s, doc), 1);
	/* the photo with a two-page PDF in one delivery: merged, 3 pages */
	struct mem pdf = make_pdf(2);
	const char *names2[] = {"IMG_0002.heic", "loonstrook.pdf"};
	const void *datas2[] = {photo.data, pdf.data};
	size_t lens2[] = {photo.len, pdf.len};
	assert_int_equal(vt_upload(&cl, item, 2, names2, datas2, lens2, &r), 201);
	assert_int_equal(json_integer_value(json_object_get(r.json, "pages")), 3);
	doc = json_integer_value(json_object_get(r.json, "document_id"));
	http_resp_free(&r);
	assert_int_equal(stored_pages(&s, doc), 3);
	free(pdf.data);
	free(photo.data);
	httpc_free(&cl);
	httpc_free(&s);
}

/* a HEIC libheif cannot decode (half a file; a bare ftyp box) is refused as
 * unreadable, not as an unsupported type, and nothing is delivered */
static void test_broken_heic_refused(void **state)
{
	struct httpc s, cl;
	struct http_resp r;
	int64_t d, item;
	vt_upload_scene(&s, &cl, "noor@voorbeeld.nl", 1, &d, &item);
	struct mem photo = make_heic(64, 48);
	static const unsigned char ftyp[] = {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c', 0, 0, 0, 0,
					     'm', 'i', 'f', '1', 'h', 'e', 'i', 'c'};
	const char *names[] = {"IMG_0003.HEIC"};
	const void *datas[] = {photo.data};
	size_t lens[] = {photo.len / 2};
	for (int i = 0; i < 2; i++) {
		assert_int_equal(vt_upload(&cl, item, 1, names, datas, lens, &r), 422);
		assert_string_equal(json_err_code(&r), "unreadable");
		http_resp_free(&r);
		datas[0] = ftyp;
		lens[0] = sizeof ftyp;
	}
	json_t *docs = call(&s, "GET", pathf("/api/v1/dossiers/%lld/documents", (long long)d), NULL, 200);
	assert_int_equal(json_array_size(json_object_get(docs, "items")), 0);
	json_decref(docs);
	free(photo.data);
	httpc_free(&cl);
	httpc_free(&s);
}

/* the photo is converted by the sandboxed child, not in the server: with a
 * child program that cannot convert (/bin/false), a good photo is refused
 * as unreadable and the server carries on */
static void test_converted_in_child(void **state)
{
	struct httpc s, cl;
	struct http_resp r;
	int64_t d, item;
	vt_upload_scene(&s, &cl, "sem@voorbeeld.nl", 1, &d, &item);
	struct mem photo = make_heic(64, 48);
	const char *names[] = {"IMG_0004.HEIC"};
	const void *datas[] = {photo.data};
	size_t lens[] = {photo.len};
	convert_set_helper("/bin/false");
	vt_upload(&cl, item, 1, names, datas, lens, &r);
	convert_set_helper(KLUIS_BIN_PATH);
	assert_int_equal(r.status, 422);
	assert_string_equal(json_err_code(&r), "unreadable");
	http_resp_free(&r);
	assert_int_equal(vt_upload(&cl, item, 1, names, datas, lens, &r), 201);
	http_resp_free(&r);
	free(photo.data);
	httpc_free(&cl);
	httpc_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_heic_photo_becomes_a_page, vt_setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_broken_heic_refused, vt_setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_converted_in_child, vt_setup, st_teardown),
	};
	return cmocka_run_group_tests_name("upload_heic", tests, NULL, NULL);
}

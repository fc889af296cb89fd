/* HEIC/HEIF decoding with libheif (see heif.h). The file is read through a
 * heif_reader on one descriptor, so the size checked by fstat is the size
 * libheif sees and nothing is copied into memory first. libheif 1.15 has
 * no security-limit structure (that came in 1.19), so the limits are ours:
 * the item graph is checked before libheif reads the file (see below), the
 * declared size before decoding, libheif's per-side limit
 * (heif_context_set_maximum_image_size_limit, refusing sides >= the value)
 * bounds grid canvases, and the decoded size is checked before it is
 * copied. Not bounded before decoding: the size of the picture an HEVC
 * stream codes (libheif 1.15 does not compare it with the declared size;
 * only libde265's own limits apply while it decodes). heif_init is called
 * once per process and never undone: libheif counts init/deinit pairs, and
 * one part of a program must not mix them. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cairo.h>
#include <dlfcn.h>
#include <libheif/heif.h>
#include "adapters/heif.h"
#include "util/alloc.h"
#include "util/err.h"

/* Threads libheif may use to decode the tiles of one grid image (an iPhone
 * photo is 48 tiles of 512 x 512). The server decodes uploads on request
 * threads of a 2-core machine: more would only compete with them. */
#define HEIF_DECODE_THREADS 2

/* The file behind a heif_reader: a descriptor and the size fstat gave. */
struct src {
	int fd;
	int64_t size, pos;
	int io_error; /* a read failed: K_EIO rather than K_EINVAL */
};

static int64_t src_position(void *u)
{
	return ((struct src *)u)->pos;
}

static int src_read(void *data, size_t n, void *u)
{
	struct src *s = u;
	size_t have = 0;
	ssize_t got;

	if (s->pos < 0 || (uint64_t)n > (uint64_t)(s->size - s->pos))
		return 1; /* libheif checks sizes first; this is past the end */
	while (have < n) {
		got = pread(s->fd, (char *)data + have, n - have, (off_t)(s->pos + (int64_t)have));
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0) {
			s->io_error = 1; /* an error, or the file shrank under us */
			return 1;
		}
		have += (size_t)got;
	}
	s->pos += (int64_t)n;
	return 0;
}

static int src_seek(int64_t pos, void *u)
{
	struct src *s = u;

	if (pos < 0 || pos > s->size)
		return 1;
	s->pos = pos;
	return 0;
}

static enum heif_reader_grow_status src_wait(int64_t target, void *u)
{
	return target > ((struct src *)u)->size ? heif_reader_grow_status_size_beyond_eof
						: heif_reader_grow_status_size_reached;
}

static const struct heif_reader src_reader = {
	.reader_api_version = 1,
	.get_position = src_position,
	.read = src_read,
	.seek = src_seek,
	.wait_for_file_size = src_wait,
};

/* --- the item graph ----------------------------------------------------------
 * libheif 1.15 follows item references while decoding and never checks for
 * a loop: a grid that names itself as its own tile, or two images that are
 * each other's alpha plane, recurse without end, a new thread a level (a
 * 1 KiB file found by tests/fuzz/fuzz_heif.c made 32000 threads and 1.7 GB
 * in 40 s here, then the process was killed). So before libheif sees the
 * file, the references it decodes along are read from the 'meta' box and
 * decoding the primary image must be a small tree: at most GRAPH_DEPTH
 * levels and GRAPH_DECODES images. An image depends on its 'dimg' items
 * (grid tiles, iden/iovl sources) and on the items that are 'auxl' of it
 * (its alpha plane; also depth maps, which libheif does not decode here:
 * counting them only makes the check stricter). The boxes are read the way
 * libheif 1.15 reads them; where libheif takes one of several boxes (the
 * last 'meta', the first 'pitm' or 'iref') a second one is refused. */

#define GRAPH_TOP_BOXES 64   /* top-level boxes read (a photo has 3 or 4) */
#define GRAPH_META_MAX (1 << 20) /* bytes of 'meta' (a 48 MP iPhone photo: ~20 KiB) */
#define GRAPH_ITEMS 4096     /* items (a 48 MP iPhone photo: ~200) */
#define GRAPH_REFS 8192      /* 'dimg' and 'auxl' references */
#define GRAPH_DEPTH 4        /* primary grid, tile, alpha grid, alpha tile */
#define GRAPH_DECODES 1024   /* images decoded (a 48 MP iPhone photo: 192 tiles) */

#define FOURCC(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (uint32_t)(d))

struct ref {
	uint32_t type, from, to;
};

struct graph {
	uint32_t primary;
	uint32_t *items; /* item IDs from 'iinf' */
	size_t nitems;
	struct ref *refs;
	size_t nrefs;
	size_t decodes;
};

/* A cursor over a byte range; any read past end sets bad. */
struct rd {
	const unsigned char *p;
	size_t n, at;
	int bad;
};

static uint32_t rd_u(struct rd *r, int bytes)
{
	uint32_t v = 0;

	if (r->bad || r->n - r->at < (size_t)bytes) {
		r->bad = 1;
		return 0;
	}
	for (int i = 0; i < bytes; i++)
		v = v << 8 | r->p[r->at++];
	return v;
}

static void rd_skip(struct rd *r, size_t bytes)
{
	if (r->bad || r->n - r->at < bytes)
		r->bad = 1;
	else
		r->at += bytes;
}

/* rd_box: the next child box of r: its type and a cursor over its payload;
 * r moves past it. 0 when r is at its end, -1 for a box that does not fit
 * (or has size 0, "to the end", which no child box here needs). */
static int rd_box(struct rd *r, uint32_t *type, struct rd *body)
{
	uint64_t size;
	size_t hdr = 8;

	if (r->at == r->n)
		return 0;
	size = rd_u(r, 4);
	*type = rd_u(r, 4);
	if (size == 1) {
		size = (uint64_t)rd_u(r, 4) << 32;
		size |= rd_u(r, 4);
		hdr = 16;
	}
	if (r->bad || size < hdr || size - hdr > r->n - r->at)
		return -1;
	body->p = r->p + r->at;
	body->n = (size_t)(size - hdr);
	body->at = 0;
	body->bad = 0;
	r->at += (size_t)(size - hdr);
	return 1;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* read_at: n bytes at off of the file; K_EINVAL past its end. */
static int read_at(struct src *s, int64_t off, void *buf, size_t n)
{
	if (off < 0 || off > s->size || (uint64_t)n > (uint64_t)(s->size - off))
		return K_EINVAL;
	s->pos = off;
	return src_read(buf, n, s) == 0 ? K_OK : K_EIO;
}

/* find_meta: the only top-level 'meta' box into a new buffer *meta (its
 * payload, *len bytes). */
static int find_meta(struct src *s, unsigned char **meta, size_t *len)
{
	unsigned char h[16];
	int64_t at = 0, meta_at = -1;
	uint64_t size, meta_len = 0;
	int rc, hdr;

	*meta = NULL;
	for (int i = 0; at < s->size; i++) {
		if (i == GRAPH_TOP_BOXES || s->size - at < 8)
			return K_EINVAL;
		if ((rc = read_at(s, at, h, 8)) != K_OK)
			return rc;
		size = (uint64_t)h[0] << 24 | (uint64_t)h[1] << 16 | (uint64_t)h[2] << 8 | h[3];
		hdr = 8;
		if (size == 1) {
			if ((rc = read_at(s, at + 8, h + 8, 8)) != K_OK)
				return rc;
			size = 0;
			for (int k = 8; k < 16; k++)
				size = size << 8 | h[k];
			hdr = 16;
		} else if (size == 0) {
			size = (uint64_t)(s->size - at); /* to the end of the file */
		}
		if (size < (uint64_t)hdr || size > (uint64_t)(s->size - at))
			return K_EINVAL;
		if (memcmp(h + 4, "meta", 4) == 0) {
			if (meta_at >= 0)
				return K_EINVAL; /* libheif would take the last one */
			meta_at = at + hdr;
			meta_len = size - (uint64_t)hdr;
		}
		at += (int64_t)size;
	}
	if (meta_at < 0)
		return K_EINVAL;
	if (meta_len > GRAPH_META_MAX)
		return K_ETOOBIG;
	*meta = try_malloc((size_t)meta_len);
	if (!*meta)
		return K_ENOMEM;
	*len = (size_t)meta_len;
	rc = read_at(s, meta_at, *meta, (size_t)meta_len);
	if (rc != K_OK) {
		free(*meta);
		*meta = NULL;
	}
	return rc;
}

/* is_image_type: the item types libheif 1.15 treats as images. */
static int is_image_type(uint32_t t)
{
	return t == FOURCC('h', 'v', 'c', '1') || t == FOURCC('g', 'r', 'i', 'd') || t == FOURCC('i', 'd', 'e', 'n') ||
	       t == FOURCC('i', 'o', 'v', 'l') || t == FOURCC('a', 'v', '0', '1');
}

/* parse_iinf: the IDs of the image items of an 'iinf' payload (an 'infe'
 * of version 2 or 3 with an image type), sorted. libheif reads every
 * child box whatever the entry count says; a count that differs is
 * refused. */
static int parse_iinf(struct rd *r, struct graph *g)
{
	struct rd infe;
	uint32_t type, count, seen = 0, id;
	int v, more;

	v = (int)rd_u(r, 1);
	rd_skip(r, 3);
	count = rd_u(r, v == 0 ? 2 : 4);
	if (r->bad)
		return K_EINVAL;
	while ((more = rd_box(r, &type, &infe)) == 1) {
		if (type != FOURCC('i', 'n', 'f', 'e'))
			continue;
		if (++seen > GRAPH_ITEMS)
			return K_ETOOBIG;
		v = (int)rd_u(&infe, 1);
		rd_skip(&infe, 3);
		if (v < 2)
			continue; /* no item type: not an image to libheif */
		id = rd_u(&infe, v == 2 ? 2 : 4);
		rd_skip(&infe, 2); /* protection index */
		type = rd_u(&infe, 4);
		if (infe.bad)
			return K_EINVAL;
		if (is_image_type(type))
			g->items[g->nitems++] = id;
	}
	if (more != 0 || seen != count)
		return K_EINVAL;
	qsort(g->items, g->nitems, sizeof *g->items, cmp_u32);
	return K_OK;
}

/* parse_iref: the 'dimg' and 'auxl' references of an 'iref' payload, read
 * as libheif 1.15 does: one after the other, each a box header, a from ID,
 * a count and the to IDs, not skipping to the end its header gives. It
 * must end exactly at the end of the box. */
static int parse_iref(struct rd *r, struct graph *g)
{
	uint32_t size, type, from, n, to;
	int id;

	id = rd_u(r, 1) == 0 ? 2 : 4;
	rd_skip(r, 3);
	while (!r->bad && r->at < r->n) {
		size = rd_u(r, 4);
		type = rd_u(r, 4);
		if (size == 1)
			rd_skip(r, 8);
		if (type == FOURCC('u', 'u', 'i', 'd'))
			rd_skip(r, 16);
		from = rd_u(r, id);
		n = rd_u(r, 2);
		for (uint32_t i = 0; i < n && !r->bad; i++) {
			to = rd_u(r, id);
			if (r->bad || (type != FOURCC('d', 'i', 'm', 'g') && type != FOURCC('a', 'u', 'x', 'l')))
				continue;
			if (g->nrefs == GRAPH_REFS)
				return K_ETOOBIG;
			g->refs[g->nrefs++] = (struct ref){type, from, to};
		}
	}
	return r->bad ? K_EINVAL : K_OK;
}

static int has_item(const struct graph *g, uint32_t id)
{
	return bsearch(&id, g->items, g->nitems, sizeof *g->items, cmp_u32) != NULL;
}

/* visit: count the decodes of item id at depth and of what it depends on. */
static int visit(struct graph *g, uint32_t id, int depth)
{
	int rc;

	if (depth > GRAPH_DEPTH)
		return K_EINVAL; /* a loop, or nested deeper than any photo */
	if (++g->decodes > GRAPH_DECODES)
		return K_ETOOBIG;
	for (size_t i = 0; i < g->nrefs; i++) {
		const struct ref *e = &g->refs[i];
		if (e->type == FOURCC('d', 'i', 'm', 'g') && e->from == id)
			rc = visit(g, e->to, depth + 1);
		else if (e->type == FOURCC('a', 'u', 'x', 'l') && e->to == id)
			rc = visit(g, e->from, depth + 1);
		else
			continue;
		if (rc != K_OK)
			return rc;
	}
	return K_OK;
}

/* parse_meta: pitm, iinf and iref of a 'meta' payload into g. */
static int parse_meta(struct rd *r, struct graph *g)
{
	struct rd body;
	uint32_t type;
	int rc, more, v, pitm = 0, iinf = 0, iref = 0;

	rd_skip(r, 4); /* a full box: version and flags */
	while ((more = rd_box(r, &type, &body)) == 1) {
		if (type == FOURCC('p', 'i', 't', 'm')) {
			if (pitm++)
				return K_EINVAL;
			v = (int)rd_u(&body, 1);
			rd_skip(&body, 3);
			g->primary = rd_u(&body, v == 0 ? 2 : 4);
			if (body.bad)
				return K_EINVAL;
		} else if (type == FOURCC('i', 'i', 'n', 'f')) {
			if (iinf++)
				return K_EINVAL;
			if ((rc = parse_iinf(&body, g)) != K_OK)
				return rc;
		} else if (type == FOURCC('i', 'r', 'e', 'f')) {
			if (iref++)
				return K_EINVAL;
			if ((rc = parse_iref(&body, g)) != K_OK)
				return rc;
		}
	}
	if (more != 0 || r->bad || !pitm || !iinf)
		return K_EINVAL;
	return K_OK;
}

/* graph_check: K_OK if decoding the primary image of s is a small tree of
 * image items (see above); K_EINVAL for a loop, a reference to anything
 * but an image item, or a malformed 'meta'; K_ETOOBIG over a limit;
 * K_ENOMEM; K_EIO. */
static int graph_check(struct src *s)
{
	struct graph g = {0};
	unsigned char *meta = NULL;
	struct rd r;
	size_t len = 0;
	int rc;

	rc = find_meta(s, &meta, &len);
	if (rc != K_OK)
		goto out;
	rc = K_ENOMEM;
	g.items = try_malloc(GRAPH_ITEMS * sizeof *g.items);
	g.refs = try_malloc(GRAPH_REFS * sizeof *g.refs);
	if (!g.items || !g.refs)
		goto out;
	r = (struct rd){meta, len, 0, 0};
	rc = parse_meta(&r, &g);
	if (rc != K_OK)
		goto out;
	rc = K_EINVAL;
	if (!has_item(&g, g.primary))
		goto out;
	for (size_t i = 0; i < g.nrefs; i++)
		if (!has_item(&g, g.refs[i].from) || !has_item(&g, g.refs[i].to))
			goto out;
	rc = visit(&g, g.primary, 1);
out:
	free(g.items);
	free(g.refs);
	free(meta);
	s->pos = 0;
	return rc;
}

/* --- libheif, loaded on first use ------------------------------------------
 * Only the sandboxed HEIC child decodes (see pdf.h), so the server itself
 * never maps libheif and its codecs (x265, libde265, aom, dav1d: about
 * 1.8 MB of resident pages at start-up). dlopen on the first decode. */
#define HEIF_FUNCS(X) \
	X(heif_init) \
	X(heif_image_handle_get_ispe_width) \
	X(heif_image_handle_get_ispe_height) \
	X(heif_image_release) \
	X(heif_image_handle_release) \
	X(heif_image_handle_has_alpha_channel) \
	X(heif_image_handle_get_width) \
	X(heif_image_handle_get_height) \
	X(heif_image_get_width) \
	X(heif_image_get_plane_readonly) \
	X(heif_image_get_height) \
	X(heif_image_get_chroma_format) \
	X(heif_image_get_bits_per_pixel_range) \
	X(heif_decoding_options_free) \
	X(heif_decoding_options_alloc) \
	X(heif_decode_image) \
	X(heif_context_set_maximum_image_size_limit) \
	X(heif_context_set_max_decoding_threads) \
	X(heif_context_read_from_reader) \
	X(heif_context_get_primary_image_handle) \
	X(heif_context_free) \
	X(heif_context_alloc)

static struct {
#define X(n) __typeof__(n) *n;
	HEIF_FUNCS(X)
#undef X
	int ok;
} H;

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static void init_libheif(void)
{
	void *lib = dlopen("libheif.so.1", RTLD_NOW | RTLD_LOCAL);
	if (!lib)
		return;
#define X(n)                                                                                                           \
	if (!(*(void **)&H.n = dlsym(lib, #n)))                                                                       \
		return;
	HEIF_FUNCS(X)
#undef X
	(void)H.heif_init(NULL); /* built-in codecs work without it too */
	H.ok = 1;
}

/* --- decoding ------------------------------------------------------------- */

/* kerr_of: a libheif error as a Kluis error code. */
static int kerr_of(struct heif_error e, const struct src *s)
{
	if (e.code == heif_error_Ok)
		return K_OK;
	if (s->io_error)
		return K_EIO;
	if (e.subcode == heif_suberror_Security_limit_exceeded)
		return K_ETOOBIG;
	if (e.code == heif_error_Memory_allocation_error)
		return K_ENOMEM;
	return K_EINVAL;
}

/* size_ok: K_OK if w x h is a real size within max_pixels and
 * HEIF_SIDE_MAX a side, else K_EINVAL or K_ETOOBIG. */
static int size_ok(int w, int h, long long max_pixels)
{
	if (w <= 0 || h <= 0)
		return K_EINVAL;
	if (w > HEIF_SIDE_MAX || h > HEIF_SIDE_MAX || (long long)w * h > max_pixels)
		return K_ETOOBIG;
	return K_OK;
}

/* to_cairo: the interleaved 8-bit RGB or RGBA image img (w x h) into a new
 * buffer in cairo's layout (see struct heif_rgb). */
static int to_cairo(const struct heif_image *img, int w, int h, int alpha, struct heif_rgb *out)
{
	const uint8_t *src, *p;
	unsigned char *buf;
	uint32_t *row;
	int sstride, stride, bpp = alpha ? 4 : 3;

	src = H.heif_image_get_plane_readonly(img, heif_channel_interleaved, &sstride);
	if (!src || H.heif_image_get_bits_per_pixel_range(img, heif_channel_interleaved) != 8 ||
	    sstride < w * bpp)
		return K_EINVAL;
	stride = cairo_format_stride_for_width(alpha ? CAIRO_FORMAT_ARGB32 : CAIRO_FORMAT_RGB24, w);
	if (stride < w * 4)
		return K_ETOOBIG; /* cairo's own width limit */
	buf = try_malloc((size_t)stride * (size_t)h);
	if (!buf)
		return K_ENOMEM;
	for (int y = 0; y < h; y++) {
		p = src + (size_t)y * (size_t)sstride;
		row = (uint32_t *)(void *)(buf + (size_t)y * (size_t)stride);
		for (int x = 0; x < w; x++, p += bpp) {
			uint32_t r = p[0], g = p[1], b = p[2], a = 255;
			if (alpha && (a = p[3]) != 255) {
				r = (r * a + 127) / 255;
				g = (g * a + 127) / 255;
				b = (b * a + 127) / 255;
			}
			row[x] = a << 24 | r << 16 | g << 8 | b;
		}
	}
	out->data = buf;
	out->width = w;
	out->height = h;
	out->stride = stride;
	out->alpha = alpha;
	return K_OK;
}

int heif_decode_rgb(const char *path, long long max_bytes, long long max_pixels, struct heif_rgb *out)
{
	struct src s = {.fd = -1};
	struct heif_context *ctx = NULL;
	struct heif_image_handle *handle = NULL;
	struct heif_image *img = NULL;
	struct heif_decoding_options *opt = NULL;
	struct heif_error e;
	enum heif_chroma chroma;
	struct stat st;
	int rc = K_EINVAL, alpha, iw, ih;

	if (out)
		memset(out, 0, sizeof *out);
	if (!path || !out || max_bytes < 1 || max_pixels < 1)
		return K_EINVAL;
	s.fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (s.fd < 0)
		return K_EIO;
	if (fstat(s.fd, &st) != 0) {
		rc = K_EIO;
		goto out;
	}
	if (!S_ISREG(st.st_mode) || st.st_size <= 0)
		goto out;
	if (st.st_size > max_bytes) {
		rc = K_ETOOBIG;
		goto out;
	}
	s.size = (int64_t)st.st_size;
	rc = graph_check(&s);
	if (rc != K_OK)
		goto out;

	pthread_once(&init_once, init_libheif);
	if (!H.ok) {
		rc = K_EIO; /* libheif missing: nothing can be decoded */
		goto out;
	}
	rc = K_ENOMEM;
	ctx = H.heif_context_alloc();
	if (!ctx)
		goto out;
	/* refuses a side >= the value, also for grid canvases at decode time */
	H.heif_context_set_maximum_image_size_limit(ctx, HEIF_SIDE_MAX + 1);
	H.heif_context_set_max_decoding_threads(ctx, HEIF_DECODE_THREADS);
	e = H.heif_context_read_from_reader(ctx, &src_reader, &s, NULL);
	if (e.code == heif_error_Ok)
		e = H.heif_context_get_primary_image_handle(ctx, &handle);
	rc = kerr_of(e, &s);
	if (rc != K_OK)
		goto out;

	/* the declared size, displayed (after rotation and cropping) and
	 * stored (ispe, when present): both within the limits */
	rc = size_ok(H.heif_image_handle_get_width(handle), H.heif_image_handle_get_height(handle), max_pixels);
	if (rc == K_OK && (H.heif_image_handle_get_ispe_width(handle) > 0 || H.heif_image_handle_get_ispe_height(handle) > 0))
		rc = size_ok(H.heif_image_handle_get_ispe_width(handle), H.heif_image_handle_get_ispe_height(handle),
			     max_pixels);
	if (rc != K_OK)
		goto out;

	rc = K_ENOMEM;
	opt = H.heif_decoding_options_alloc();
	if (!opt)
		goto out;
	opt->ignore_transformations = 0; /* apply irot, imir and clap */
	opt->convert_hdr_to_8bit = 1;    /* a 10-bit photo becomes 8-bit RGB */
	alpha = H.heif_image_handle_has_alpha_channel(handle) ? 1 : 0;
	chroma = alpha ? heif_chroma_interleaved_RGBA : heif_chroma_interleaved_RGB;
	e = H.heif_decode_image(handle, &img, heif_colorspace_RGB, chroma, opt);
	rc = kerr_of(e, &s);
	if (rc != K_OK)
		goto out;
	rc = K_EINVAL;
	if (!img || H.heif_image_get_chroma_format(img) != chroma)
		goto out;
	/* what was decoded, which the HEVC stream decides, not the file */
	iw = H.heif_image_get_width(img, heif_channel_interleaved);
	ih = H.heif_image_get_height(img, heif_channel_interleaved);
	rc = size_ok(iw, ih, max_pixels);
	if (rc != K_OK)
		goto out;
	rc = to_cairo(img, iw, ih, alpha, out);
out:
	if (img)
		H.heif_image_release(img);
	if (opt)
		H.heif_decoding_options_free(opt);
	if (handle)
		H.heif_image_handle_release(handle);
	if (ctx)
		H.heif_context_free(ctx);
	close(s.fd);
	return rc;
}

int heif_load(void)
{
	pthread_once(&init_once, init_libheif);
	return H.ok;
}

void heif_rgb_free(struct heif_rgb *img)
{
	if (!img)
		return;
	free(img->data);
	memset(img, 0, sizeof *img);
}

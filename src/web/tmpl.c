#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "util/alloc.h"
#include "util/buf.h"
#include "util/embedded.h"
#include "util/err.h"
#include "web/tmpl.h"

/* A template compiles to a flat list of nodes. A section node's body is the
 * nodes after it up to (not including) node `end`, so there is no end node
 * and rendering is a loop over an explicit frame stack, never recursion. */
enum node_kind {
	N_TEXT,     /* str/len: literal bytes */
	N_VAR,      /* str: name, escaped */
	N_RAW,      /* str: name (raw_*), unescaped */
	N_SECTION,  /* str: name; body up to end */
	N_INVERTED, /* str: name; body up to end */
	N_PARTIAL,  /* str: template name in the set */
};

struct node {
	enum node_kind kind;
	unsigned line;   /* source line of the tag, for messages */
	unsigned nseg;   /* names: segments in str ("a\0b\0c"); 0 for "." */
	const char *str; /* into tmpl.pool, NUL-terminated for names */
	size_t len;      /* text: bytes; names: length of the whole name */
	size_t end;      /* sections: index of the first node after the body */
};

struct tmpl {
	struct node *nodes;
	size_t nnodes;
	char *pool; /* text and names, at most source length + 1 bytes */
};

struct tmpl_entry {
	char *name;
	struct tmpl *t;
};

struct tmpl_set {
	struct tmpl_entry *v; /* sorted by name */
	size_t n;
	size_t cap;
};

/* ---- compiling ---- */

struct open_section {
	size_t node;   /* index of the section node */
	unsigned line;
	char sigil;    /* '#' or '^' */
	size_t off;    /* name in the source, to match {{/name}} */
	size_t len;
};

struct compiler {
	const char *src;
	size_t len;
	size_t pos;     /* next unparsed byte */
	unsigned line;  /* line of src[pos] */
	struct tmpl *t;
	size_t cap;     /* nodes allocated */
	size_t used;    /* pool bytes used */
	struct open_section open[TMPL_MAX_NEST];
	unsigned depth;
	char *err;
	size_t errlen;
};

#define NOT_FOUND ((size_t)-1)

static int fail(struct compiler *c, unsigned line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct compiler *c, unsigned line, const char *fmt, ...)
{
	if (!c->err || c->errlen == 0)
		return K_EINVAL;
	int n = snprintf(c->err, c->errlen, "line %u: ", line);
	if (n >= 0 && (size_t)n < c->errlen) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(c->err + n, c->errlen - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return K_EINVAL;
}

/* find: offset of the first pat (plen bytes) in s[from..len), or NOT_FOUND. */
static size_t find(const char *s, size_t len, size_t from, const char *pat, size_t plen)
{
	while (from < len && len - from >= plen) {
		const char *p = memchr(s + from, pat[0], len - from - plen + 1);
		if (!p)
			return NOT_FOUND;
		size_t at = (size_t)(p - s);
		if (memcmp(p, pat, plen) == 0)
			return at;
		from = at + 1;
	}
	return NOT_FOUND;
}

static unsigned count_nl(const char *s, size_t n)
{
	unsigned lines = 0;
	const char *end = s + n;
	while (s < end && (s = memchr(s, '\n', (size_t)(end - s))) != NULL) {
		lines++;
		s++;
	}
	return lines;
}

static int is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

static int is_name_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	       (ch >= '0' && ch <= '9') || ch == '_' || ch == '-';
}

static struct node *node_add(struct compiler *c, enum node_kind kind, unsigned line)
{
	struct tmpl *t = c->t;
	if (t->nnodes == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 16;
		t->nodes = xrealloc(t->nodes, c->cap * sizeof(*t->nodes));
	}
	struct node *n = &t->nodes[t->nnodes++];
	memset(n, 0, sizeof(*n));
	n->kind = kind;
	n->line = line;
	return n;
}

/* pool_add: copy n bytes plus a NUL into the pool. Text and names together
 * never exceed the source length (a tag is longer than its name + NUL). */
static char *pool_add(struct compiler *c, const char *s, size_t n)
{
	char *d = c->t->pool + c->used;
	memcpy(d, s, n);
	d[n] = '\0';
	c->used += n + 1;
	return d;
}

static void add_text(struct compiler *c, size_t from, size_t to)
{
	if (to <= from)
		return;
	struct node *n = node_add(c, N_TEXT, c->line);
	n->len = to - from;
	/* Text needs no NUL, but pool_add's is harmless: texts are separated
	 * by tags, each at least 5 bytes, so the pool still fits. */
	n->str = pool_add(c, c->src + from, n->len);
}

/* check_name: a variable/section name is "." or dot-separated segments of
 * [A-Za-z0-9_-]; a partial name may also hold '/' and '.' freely. */
static int check_name(struct compiler *c, unsigned line, const char *s, size_t n, int partial)
{
	if (n == 0)
		return fail(c, line, "empty tag name");
	if (n > TMPL_MAX_NAME)
		return fail(c, line, "tag name longer than %d characters", TMPL_MAX_NAME);
	if (!partial && n == 1 && s[0] == '.')
		return K_OK;
	for (size_t i = 0; i < n; i++) {
		if (is_name_char(s[i]))
			continue;
		if (partial && (s[i] == '/' || s[i] == '.'))
			continue;
		if (s[i] == '.') {
			if (i == 0 || i == n - 1 || s[i - 1] == '.')
				return fail(c, line, "empty part in dotted name");
			continue;
		}
		return fail(c, line, "invalid character in tag name");
	}
	return K_OK;
}

/* set_name: store name in the pool with '.' turned into NULs. */
static void set_name(struct compiler *c, struct node *n, const char *s, size_t len, int split)
{
	char *d = pool_add(c, s, len);
	n->str = d;
	n->len = len;
	if (!split)
		return;
	if (len == 1 && d[0] == '.') {
		n->nseg = 0;
		return;
	}
	n->nseg = 1;
	for (size_t i = 0; i < len; i++) {
		if (d[i] == '.') {
			d[i] = '\0';
			n->nseg++;
		}
	}
}

static int open_section(struct compiler *c, unsigned line, char sigil, const char *name, size_t len)
{
	if (c->depth == TMPL_MAX_NEST)
		return fail(c, line, "sections nested deeper than %d", TMPL_MAX_NEST);
	struct node *n = node_add(c, sigil == '#' ? N_SECTION : N_INVERTED, line);
	set_name(c, n, name, len, 1);
	struct open_section *o = &c->open[c->depth++];
	o->node = c->t->nnodes - 1;
	o->line = line;
	o->sigil = sigil;
	o->off = (size_t)(name - c->src);
	o->len = len;
	return K_OK;
}

static int close_section(struct compiler *c, unsigned line, const char *name, size_t len)
{
	if (c->depth == 0)
		return fail(c, line, "{{/%.*s}} without an open section", (int)len, name);
	struct open_section *o = &c->open[c->depth - 1];
	if (o->len != len || memcmp(c->src + o->off, name, len) != 0)
		return fail(c, line, "{{/%.*s}} does not match {{%c%.*s}} of line %u",
			    (int)len, name, o->sigil, (int)o->len, c->src + o->off, o->line);
	c->t->nodes[o->node].end = c->t->nnodes;
	c->depth--;
	return K_OK;
}

/* parse_tag: the tag starting at c->src[at] ("{{"). Advances c->pos and
 * c->line past it. */
static int parse_tag(struct compiler *c, size_t at)
{
	unsigned line = c->line;
	size_t p = at + 2;
	int triple = p < c->len && c->src[p] == '{';
	size_t clen = triple ? 3 : 2;
	if (triple)
		p++;
	size_t close = find(c->src, c->len, p, triple ? "}}}" : "}}", clen);
	if (close == NOT_FOUND)
		return fail(c, line, "unclosed tag");
	c->pos = close + clen;
	c->line += count_nl(c->src + at, c->pos - at);

	const char *s = c->src + p;
	size_t n = close - p;
	char sigil = triple ? '{' : (n ? s[0] : '\0');
	switch (sigil) {
	case '!':
		return K_OK;
	case '#':
	case '^':
	case '/':
	case '>':
		s++;
		n--;
		break;
	case '{':
		break;
	default:
		sigil = '\0';
	}
	while (n && is_space(s[0])) {
		s++;
		n--;
	}
	while (n && is_space(s[n - 1]))
		n--;
	int rc = check_name(c, line, s, n, sigil == '>');
	if (rc)
		return rc;

	struct node *node;
	switch (sigil) {
	case '#':
	case '^':
		return open_section(c, line, sigil, s, n);
	case '/':
		return close_section(c, line, s, n);
	case '>':
		node = node_add(c, N_PARTIAL, line);
		set_name(c, node, s, n, 0);
		return K_OK;
	case '{':
		if (n <= 4 || memcmp(s, "raw_", 4) != 0)
			return fail(c, line, "{{{%.*s}}} is unescaped; only raw_* names may be",
				    (int)n, s);
		node = node_add(c, N_RAW, line);
		set_name(c, node, s, n, 1);
		return K_OK;
	default:
		node = node_add(c, N_VAR, line);
		set_name(c, node, s, n, 1);
		return K_OK;
	}
}

int tmpl_compile(const char *src, size_t len, struct tmpl **out, char *err, size_t errlen)
{
	struct compiler c = { .src = src, .len = len, .line = 1, .err = err, .errlen = errlen };
	int rc = K_OK;
	*out = NULL;
	if (err && errlen)
		err[0] = '\0';
	if (len > TMPL_MAX_SRC) {
		rc = fail(&c, 1, "template larger than %d bytes", TMPL_MAX_SRC);
		goto out;
	}
	c.t = xcalloc(1, sizeof(*c.t));
	c.t->pool = xmalloc(len + 1);
	while (c.pos < len) {
		size_t at = find(src, len, c.pos, "{{", 2);
		size_t text_end = at == NOT_FOUND ? len : at;
		add_text(&c, c.pos, text_end);
		c.line += count_nl(src + c.pos, text_end - c.pos);
		c.pos = text_end;
		if (at == NOT_FOUND)
			break;
		rc = parse_tag(&c, at);
		if (rc)
			goto out;
	}
	if (c.depth) {
		struct open_section *o = &c.open[c.depth - 1];
		rc = fail(&c, o->line, "unclosed section {{%c%.*s}}", o->sigil,
			  (int)o->len, src + o->off);
		goto out;
	}
	if (c.t->nnodes && c.t->nnodes < c.cap)
		c.t->nodes = xrealloc(c.t->nodes, c.t->nnodes * sizeof(*c.t->nodes));
	*out = c.t;
	c.t = NULL;
out:
	tmpl_free(c.t);
	return rc;
}

void tmpl_free(struct tmpl *t)
{
	if (!t)
		return;
	free(t->nodes);
	free(t->pool);
	free(t);
}

/* ---- rendering ---- */

/* One running piece of template: the whole template (root or partial) or a
 * section body. Frames hold the context stack too (ctx != NULL). */
struct frame {
	const struct tmpl *t;
	const json_t *ctx; /* context pushed by this frame, or NULL */
	const json_t *arr; /* array being iterated, or NULL */
	size_t idx;        /* current element of arr */
	size_t start;      /* first node of the body */
	size_t pc;         /* next node */
	size_t end;        /* one past the last node of the body */
	int partial;       /* frame is a partial include */
};

/* Each template in a partial chain holds at most TMPL_MAX_NEST section
 * frames plus its own. */
#define MAX_FRAMES ((TMPL_MAX_PARTIAL_DEPTH + 1) * (TMPL_MAX_NEST + 1))
#define INLINE_FRAMES 16

struct render {
	const struct tmpl_set *set;
	struct buf *out;
	struct frame *fr;
	size_t nfr;
	size_t cap;
	unsigned partials; /* partial frames on the stack */
	long steps;
	struct frame inline_fr[INLINE_FRAMES];
};

static int frame_push(struct render *r, const struct frame *f)
{
	if (r->nfr == r->cap) {
		if (r->cap >= MAX_FRAMES)
			return K_EINVAL; /* cannot happen with the compile limits */
		size_t cap = r->cap * 2;
		if (r->fr == r->inline_fr) {
			r->fr = xmalloc(cap * sizeof(*r->fr));
			memcpy(r->fr, r->inline_fr, sizeof(r->inline_fr));
		} else {
			r->fr = xrealloc(r->fr, cap * sizeof(*r->fr));
		}
		r->cap = cap;
	}
	r->fr[r->nfr++] = *f;
	return K_OK;
}

/* lookup: resolve a name through the context stack, innermost first. */
static const json_t *lookup(const struct render *r, const struct node *n)
{
	const json_t *v = NULL;
	if (n->nseg == 0) {
		for (size_t i = r->nfr; i-- > 0;)
			if (r->fr[i].ctx)
				return r->fr[i].ctx;
		return NULL;
	}
	const char *seg = n->str;
	for (size_t i = r->nfr; i-- > 0 && !v;) {
		const json_t *c = r->fr[i].ctx;
		if (c && json_is_object(c))
			v = json_object_get(c, seg);
	}
	for (unsigned k = 1; v && k < n->nseg; k++) {
		seg += strlen(seg) + 1;
		v = json_is_object(v) ? json_object_get(v, seg) : NULL;
	}
	return v;
}

static int truthy(const json_t *v)
{
	if (!v)
		return 0;
	switch (json_typeof(v)) {
	case JSON_TRUE:
	case JSON_OBJECT:
		return 1;
	case JSON_STRING:
		return json_string_length(v) > 0;
	case JSON_INTEGER:
		return json_integer_value(v) != 0;
	case JSON_REAL:
		return json_real_value(v) != 0.0;
	case JSON_ARRAY:
		return json_array_size(v) > 0;
	default:
		return 0;
	}
}

#define ESC(s) { s, sizeof(s) - 1 }
static const struct {
	const char *s;
	size_t n;
} escapes[256] = {
	['&'] = ESC("&amp;"), ['<'] = ESC("&lt;"), ['>'] = ESC("&gt;"),
	['"'] = ESC("&quot;"), ['\''] = ESC("&#39;"), ['`'] = ESC("&#96;"),
	['='] = ESC("&#61;"),
};
#undef ESC

/* add_escaped: append s with the HTML specials above replaced. */
static int add_escaped(struct buf *out, const char *s, size_t n)
{
	size_t run = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (!escapes[ch].n)
			continue;
		int rc = buf_add(out, s + run, i - run);
		if (rc == K_OK)
			rc = buf_add(out, escapes[ch].s, escapes[ch].n);
		if (rc)
			return rc;
		run = i + 1;
	}
	return buf_add(out, s + run, n - run);
}

static int add_value(struct buf *out, const json_t *v, int escape)
{
	if (!v)
		return K_OK;
	switch (json_typeof(v)) {
	case JSON_STRING:
		if (escape)
			return add_escaped(out, json_string_value(v), json_string_length(v));
		return buf_add(out, json_string_value(v), json_string_length(v));
	case JSON_INTEGER:
		return buf_addf(out, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
	case JSON_REAL:
		return buf_addf(out, "%.15g", json_real_value(v));
	case JSON_TRUE:
		return buf_add(out, "true", 4);
	default:
		return K_OK;
	}
}

/* enter_section: f is the running frame, n its section node (already
 * stepped over). The body runs in a new frame; f resumes after it. */
static int enter_section(struct render *r, struct frame *f, const struct node *n)
{
	const json_t *v = lookup(r, n);
	size_t body = f->pc;
	const struct tmpl *t = f->t;
	f->pc = n->end;
	if (!truthy(v))
		return K_OK;
	struct frame nf = { .t = t, .ctx = v, .start = body, .pc = body, .end = n->end };
	if (json_is_array(v)) {
		nf.arr = v;
		nf.ctx = json_array_get(v, 0);
	}
	return frame_push(r, &nf);
}

static int enter_inverted(struct render *r, struct frame *f, const struct node *n)
{
	if (truthy(lookup(r, n)))
		f->pc = n->end;
	return K_OK; /* else run the body inline: it is the next nodes */
}

static int enter_partial(struct render *r, const struct node *n)
{
	const struct tmpl *p = tmpl_set_get(r->set, n->str);
	if (!p || r->partials >= TMPL_MAX_PARTIAL_DEPTH)
		return K_EINVAL;
	struct frame nf = { .t = p, .end = p->nnodes, .partial = 1 };
	r->partials++;
	return frame_push(r, &nf);
}

/* frame_done: the body of the top frame ran to its end: next array element,
 * or pop it. */
static void frame_done(struct render *r, struct frame *f)
{
	if (f->arr && f->idx + 1 < json_array_size(f->arr)) {
		f->idx++;
		f->ctx = json_array_get(f->arr, f->idx);
		f->pc = f->start;
		return;
	}
	if (f->partial)
		r->partials--;
	r->nfr--;
}

static int render_run(struct render *r)
{
	int rc = K_OK;
	while (rc == K_OK && r->nfr > 0) {
		struct frame *f = &r->fr[r->nfr - 1];
		if (++r->steps > TMPL_MAX_STEPS)
			return K_ETOOBIG;
		if (f->pc >= f->end) {
			frame_done(r, f);
			continue;
		}
		const struct node *n = &f->t->nodes[f->pc++];
		switch (n->kind) {
		case N_TEXT:
			rc = buf_add(r->out, n->str, n->len);
			break;
		case N_VAR:
			rc = add_value(r->out, lookup(r, n), 1);
			break;
		case N_RAW:
			rc = add_value(r->out, lookup(r, n), 0);
			break;
		case N_SECTION:
			rc = enter_section(r, f, n);
			break;
		case N_INVERTED:
			rc = enter_inverted(r, f, n);
			break;
		case N_PARTIAL:
			rc = enter_partial(r, n);
			break;
		}
	}
	return rc;
}

int tmpl_render(const struct tmpl *t, const struct tmpl_set *set, const json_t *ctx, struct buf *out)
{
	struct render r = { .set = set, .out = out, .cap = INLINE_FRAMES };
	size_t mark = out->len;
	r.fr = r.inline_fr;
	struct frame root = { .t = t, .ctx = ctx, .end = t->nnodes };
	int rc = frame_push(&r, &root);
	if (rc == K_OK)
		rc = render_run(&r);
	if (r.fr != r.inline_fr)
		free(r.fr);
	if (rc && out->data) {
		out->len = mark;
		out->data[mark] = '\0';
	}
	return rc;
}

/* ---- sets ---- */

struct tmpl_set *tmpl_set_new(void)
{
	return xcalloc(1, sizeof(struct tmpl_set));
}

/* set_find: index of name, or where it would be inserted (*found = 0). */
static size_t set_find(const struct tmpl_set *set, const char *name, int *found)
{
	size_t lo = 0, hi = set->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int cmp = strcmp(set->v[mid].name, name);
		if (cmp == 0) {
			*found = 1;
			return mid;
		}
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = 0;
	return lo;
}

/* set_add: as tmpl_set_add; label names the template in messages. */
static int set_add(struct tmpl_set *set, const char *name, const char *label,
		   const char *src, size_t len, char *err, size_t errlen)
{
	struct tmpl *t = NULL;
	char msg[256];
	int found;
	size_t at = set_find(set, name, &found);
	int rc = K_OK;
	if (found) {
		if (err && errlen)
			snprintf(err, errlen, "%s: duplicate template name", label);
		rc = K_EINVAL;
		goto out;
	}
	rc = tmpl_compile(src, len, &t, msg, sizeof(msg));
	if (rc) {
		if (err && errlen)
			snprintf(err, errlen, "%s: %s", label, msg);
		goto out;
	}
	if (set->n == set->cap) {
		set->cap = set->cap ? set->cap * 2 : 16;
		set->v = xrealloc(set->v, set->cap * sizeof(*set->v));
	}
	memmove(&set->v[at + 1], &set->v[at], (set->n - at) * sizeof(*set->v));
	set->v[at].name = xstrdup(name);
	set->v[at].t = t;
	set->n++;
	t = NULL;
out:
	tmpl_free(t);
	return rc;
}

int tmpl_set_add(struct tmpl_set *set, const char *name, const char *src, size_t len, char *err, size_t errlen)
{
	return set_add(set, name, name, src, len, err, errlen);
}

/* set_check_partials: every {{> name}} of every template is in the set. */
static int set_check_partials(const struct tmpl_set *set, char *err, size_t errlen)
{
	for (size_t i = 0; i < set->n; i++) {
		const struct tmpl *t = set->v[i].t;
		for (size_t k = 0; k < t->nnodes; k++) {
			const struct node *n = &t->nodes[k];
			if (n->kind != N_PARTIAL || tmpl_set_get(set, n->str))
				continue;
			if (err && errlen)
				snprintf(err, errlen, "templates/%s.html: line %u: unknown partial \"%s\"",
					 set->v[i].name, n->line, n->str);
			return K_EINVAL;
		}
	}
	return K_OK;
}

int tmpl_set_load_embedded(struct tmpl_set **out, char *err, size_t errlen)
{
	static const char prefix[] = "templates/", suffix[] = ".html";
	const size_t plen = sizeof(prefix) - 1, slen = sizeof(suffix) - 1;
	struct tmpl_set *set = tmpl_set_new();
	int rc = K_OK;
	*out = NULL;
	for (size_t i = 0; i < embedded_count; i++) {
		const struct embedded_file *f = &embedded_files[i];
		size_t n = strlen(f->name);
		if (n <= plen + slen || strncmp(f->name, prefix, plen) != 0 ||
		    strcmp(f->name + n - slen, suffix) != 0)
			continue;
		char *name = xstrndup(f->name + plen, n - plen - slen);
		rc = set_add(set, name, f->name, (const char *)f->data, f->len, err, errlen);
		free(name);
		if (rc)
			goto out;
	}
	rc = set_check_partials(set, err, errlen);
	if (rc)
		goto out;
	*out = set;
	set = NULL;
out:
	tmpl_set_free(set);
	return rc;
}

const struct tmpl *tmpl_set_get(const struct tmpl_set *set, const char *name)
{
	int found;
	if (!set)
		return NULL;
	size_t at = set_find(set, name, &found);
	return found ? set->v[at].t : NULL;
}

void tmpl_set_free(struct tmpl_set *set)
{
	if (!set)
		return;
	for (size_t i = 0; i < set->n; i++) {
		free(set->v[i].name);
		tmpl_free(set->v[i].t);
	}
	free(set->v);
	free(set);
}

int tmpl_set_render(const struct tmpl_set *set, const char *name, const json_t *ctx, struct buf *out)
{
	const struct tmpl *t = tmpl_set_get(set, name);
	if (!t)
		return K_ENOTFOUND;
	return tmpl_render(t, set, ctx, out);
}

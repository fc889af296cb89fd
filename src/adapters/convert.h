#ifndef KLUIS_ADAPTERS_CONVERT_H
#define KLUIS_ADAPTERS_CONVERT_H
#include <limits.h>

/* Uploaded files to one PDF (R3): each file typed by its content, a PDF
 * opened with qpdf (encrypted or unreadable refused), a photo drawn on a
 * page, several files merged. Every parser of the uploaded bytes (libmagic,
 * qpdf, libjpeg, libpng, libheif) runs in a sandboxed child of the same
 * binary (`kluis pdf-prepare`, adapters/sandbox.h: rlimits, wall clock,
 * Landlock), never in the server, once a helper is set. */

#define CONVERT_MAX_FILES 16
/* Limits of the child: a 12-megapixel HEIC needs about 115 MB and 1.6 s;
 * sixteen 25 MB PDFs merged stay well inside them. */
#define CONVERT_MEM_MAX (1024ULL * 1024 * 1024) /* address space */
#define CONVERT_CPU_SECONDS 20
#define CONVERT_WALL_SECONDS 30
#define CONVERT_OUT_MAX (256ULL * 1024 * 1024)    /* largest file it writes */

struct convert_result {
	/* "" when converted; else why file `bad` was refused: file_unreadable,
	 * pdf_encrypted, pdf_unreadable, image_unreadable, unsupported_type,
	 * merge_encrypted, merge_failed */
	char why[32];
	int bad;
	int pages;
	long long dates[CONVERT_MAX_FILES]; /* PDF creation/modification, 0 = none */
	int as_is;                          /* one PDF: the input itself is the document */
	char out[PATH_MAX];                 /* the converted or merged PDF (not as_is) */
};

/* convert_set_helper: from now on convert_run runs `exe pdf-prepare ...` in
 * a sandboxed child (exe: this binary, absolute); NULL/"" converts in this
 * process (the child itself, unit tests). Set before any conversion. */
void convert_set_helper(const char *exe);

/* convert_run: convert inputs[0..n) (1 <= n <= CONVERT_MAX_FILES) into the
 * existing, empty directory workdir (the caller removes it and what is in
 * it). K_OK with *r filled (r->why tells a refusal); K_EIO when the child
 * failed or was killed (a limit hit); K_EINVAL for bad arguments. */
int convert_run(const char *workdir, const char *const *inputs, int n, struct convert_result *r);

/* convert_child_main: `kluis pdf-prepare -`: started ahead of its work,
 * it loads its libraries, then reads the job from fd 0 (the work
 * directory, the count and the files, a line each), closes the file system
 * off (inputs readable, workdir writable), converts, and writes the result
 * to WORKDIR/result.json. Returns the exit status (0 = result written). */
int convert_child_main(int argc, char **argv);

#endif

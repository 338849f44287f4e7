/* linebreak.c: total-fit line breaking after Knuth and Plass (1981), choosing the breaks with the least total demerits. */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "linebreak.h"

enum { TIGHT, DECENT, LOOSE, VERY_LOOSE, NCLASS };

/* In the emergency pass every underfull line must cost less than any
 * overfull one, and overfull lines must be ranked by how far they stick out,
 * so that a wide word ends up alone instead of dragging its neighbours
 * along. Badness is capped so that (line_penalty + EMERG_BAD)^2 (about 1e12)
 * stays well below OVERFULL_DEMERITS per unit of excess, and the sums stay
 * where a double still resolves ordinary demerits. */
#define EMERG_BAD 1e6
#define OVERFULL_DEMERITS 1e13

#define NONE SIZE_MAX

struct node {
	size_t pos;   /* the break item; NONE for the start of the paragraph */
	size_t start; /* first item of the line that follows this break */
	size_t prev;  /* the node of the previous break, NONE for the first */
	size_t over;  /* emergency pass: first break where the next line is overfull */
	double total; /* demerits of all lines up to this break */
	int fitness;
	int flagged;
};

struct ctx {
	const struct lb_item *items;
	size_t n;
	const struct lb_params *p;
	/* Prefix sums over items [0, i): penalties contribute nothing because
	 * their width only counts when the line breaks there. Infinite stretch is
	 * counted apart so that differences never produce inf - inf. */
	double *w, *y, *z;
	size_t *fil;
	size_t *next; /* first box or forced penalty at or after i: where a line starts */
	size_t *boxes; /* boxes in [0, i): does a box follow a node's first overfull break? */
	struct node *nodes;
	size_t nnodes, capnodes;
	size_t *active;
	size_t nactive;
};

struct candidate {
	int have;
	double total;
	size_t prev;
};

static int
is_forced(const struct lb_item *it)
{
	return it->type == LB_PENALTY && it->penalty <= -LB_INF;
}

static int
is_break(const struct lb_item *items, size_t i)
{
	if (items[i].type == LB_PENALTY)
		return items[i].penalty < LB_INF;
	return items[i].type == LB_GLUE && i > 0 && items[i - 1].type == LB_BOX;
}

static void *
alloc_array(size_t n, size_t size)
{
	if (n == 0)
		n = 1;
	if (n > SIZE_MAX / size)
		return NULL;
	return malloc(n * size);
}

/* The adjustment ratio of the line [start, b) set to width W. It is +-inf when
 * the line is too short or too long and nothing can stretch or shrink, so
 * that it fails every tolerance; lb_break turns that into +-DBL_MAX. */
static double
line_ratio(const struct ctx *c, size_t start, size_t b, double W)
{
	double L = c->w[b] - c->w[start];
	if (c->items[b].type == LB_PENALTY)
		L += c->items[b].width;
	double slack = W - L;
	/* Prefix sums of non-integral widths leave rounding noise; a line within
	 * it of the measure fits exactly rather than being infinitely bad. */
	double eps = 1e-9 * (1.0 + fabs(W));
	if (slack > 0) {
		if (c->fil[b] > c->fil[start])
			return 0;
		double Y = c->y[b] - c->y[start];
		if (Y > 0)
			return slack / Y;
		return slack <= eps ? 0 : INFINITY;
	}
	if (slack < 0) {
		double Z = c->z[b] - c->z[start];
		if (Z > 0)
			return slack / Z;
		return -slack <= eps ? 0 : -INFINITY;
	}
	return 0;
}

/* How far the line [start, b) sticks out beyond its shrink. */
static double
line_excess(const struct ctx *c, size_t start, size_t b, double W)
{
	double L = c->w[b] - c->w[start];
	if (c->items[b].type == LB_PENALTY)
		L += c->items[b].width;
	double Z = c->z[b] - c->z[start];
	return L - W - (Z > 0 ? Z : 0);
}

static int
fitness_of(double r)
{
	if (r < -0.5)
		return TIGHT;
	if (r <= 0.5)
		return DECENT;
	if (r <= 1)
		return LOOSE;
	return VERY_LOOSE;
}

static void
add_node(struct ctx *c, size_t pos, size_t prev, double total, int fitness)
{
	/* capnodes bounds every pass: one start node plus NCLASS per break. */
	struct node *nd = &c->nodes[c->nnodes];
	nd->pos = pos;
	nd->start = pos == NONE ? 0 : c->next[pos + 1];
	nd->prev = prev;
	nd->over = NONE;
	nd->total = total;
	nd->fitness = fitness;
	nd->flagged = pos != NONE && c->items[pos].type == LB_PENALTY && c->items[pos].flagged;
	c->active[c->nactive++] = c->nnodes++;
}

/* The demerits of the line from a to b with ratio r, and its fitness class
 * in *cls; NaN when the line is not allowed in this pass. */
static double
line_demerits(const struct ctx *c, const struct node *a, size_t b, double W, double r, int emergency, int *cls)
{
	const struct lb_params *p = c->p;
	const struct lb_item *it = &c->items[b];
	double bad, extra = 0;

	if (r < -1) {
		if (!emergency)
			return NAN;
		bad = EMERG_BAD;
		extra = OVERFULL_DEMERITS * line_excess(c, a->start, b, W);
		*cls = TIGHT;
	} else if (r == INFINITY || !(r <= p->tolerance)) {
		/* An underfull line with nothing to stretch fails even an infinite
		 * tolerance: its badness would swamp every comparison. */
		if (!emergency)
			return NAN;
		bad = fmin(100.0 * r * r * r, EMERG_BAD);
		*cls = VERY_LOOSE;
	} else {
		bad = 100.0 * fabs(r) * fabs(r) * fabs(r);
		if (emergency)
			bad = fmin(bad, EMERG_BAD);
		*cls = fitness_of(r);
	}

	double base = p->line_penalty + bad;
	double d = base * base + extra;
	if (it->type == LB_PENALTY && !is_forced(it)) {
		if (it->penalty > 0)
			d += it->penalty * it->penalty;
		else
			d -= it->penalty * it->penalty;
	}
	if (it->type == LB_PENALTY && it->flagged && a->flagged)
		d += p->flagged_demerits;
	if (abs(*cls - a->fitness) > 1)
		d += p->fitness_demerits;
	return d;
}

/* Tries every active node against the break at b, drops the nodes that can
 * no longer start a line reaching past b, and records the best ways to
 * break at b, one per fitness class. */
static void
try_break(struct ctx *c, size_t b, int emergency)
{
	const struct lb_params *p = c->p;
	int forced = is_forced(&c->items[b]);
	struct candidate best[NCLASS];
	size_t keep = 0;

	memset(best, 0, sizeof best);
	for (size_t k = 0; k < c->nactive; k++) {
		struct node *a = &c->nodes[c->active[k]];
		/* b lies in the glue discarded after a: no line from a ends here. */
		if (b < a->start) {
			c->active[keep++] = c->active[k];
			continue;
		}
		double W = a->pos == NONE ? p->first_width : p->width;
		double r = line_ratio(c, a->start, b, W);
		int cls;
		double d = line_demerits(c, a, b, W, r, emergency, &cls);
		/* Strict comparison keeps the earliest-created node on ties; the
		 * have flag lets even a NaN total through in the emergency pass so
		 * that a line is always produced. */
		if (!isnan(d) || emergency) {
			d += a->total;
			if (!best[cls].have || d < best[cls].total) {
				best[cls].have = 1;
				best[cls].total = d;
				best[cls].prev = c->active[k];
			}
		}
		/* With nonnegative glue a line that is too long only gets longer,
		 * so a stays active only while r >= -1 and no forced break ends it.
		 * The emergency pass spares it until a box follows the first
		 * overfull break: otherwise a wide last word would break at the
		 * paragraph's fill glue and leave an empty line behind. */
		int stays = !forced && !(r < -1);
		if (!forced && r < -1 && emergency) {
			if (a->over == NONE)
				a->over = b;
			stays = c->boxes[b] == c->boxes[a->over + 1];
		}
		if (stays)
			c->active[keep++] = c->active[k];
	}
	c->nactive = keep;

	int m = -1;
	for (int cls = 0; cls < NCLASS; cls++)
		if (best[cls].have && (m < 0 || best[cls].total < best[m].total))
			m = cls;
	if (m < 0)
		return;
	/* A node costing more than the best plus the largest fitness penalty
	 * (or bonus, if someone makes it negative) can never win, whatever
	 * follows: K&P's pruning of active nodes. */
	double slackd = fabs(p->fitness_demerits);
	for (int cls = 0; cls < NCLASS; cls++)
		if (best[cls].have && (cls == m || best[cls].total <= best[m].total + slackd))
			add_node(c, b, best[cls].prev, best[cls].total, cls);
}

/* One pass over the paragraph; returns the node of the best final break, or
 * NONE when no set of breaks is feasible (never in the emergency pass). */
static size_t
run(struct ctx *c, int emergency)
{
	c->nnodes = 0;
	c->nactive = 0;
	add_node(c, NONE, NONE, 0, DECENT);
	for (size_t b = 0; b < c->n; b++) {
		if (!is_break(c->items, b))
			continue;
		try_break(c, b, emergency);
		if (c->nactive == 0)
			return NONE;
	}
	/* The last item is a forced break, so the active nodes are exactly the
	 * ones ending the paragraph. */
	size_t best = NONE;
	for (size_t k = 0; k < c->nactive; k++) {
		size_t i = c->active[k];
		if (best == NONE || c->nodes[i].total < c->nodes[best].total)
			best = i;
	}
	return best;
}

static int
build(const struct ctx *c, size_t last, struct lb_result *out)
{
	size_t nl = 0;
	for (size_t i = last; c->nodes[i].pos != NONE; i = c->nodes[i].prev)
		nl++;
	struct lb_line *lines = alloc_array(nl, sizeof *lines);
	if (lines == NULL)
		return -1;
	size_t k = nl;
	for (size_t i = last; c->nodes[i].pos != NONE; i = c->nodes[i].prev) {
		const struct node *prev = &c->nodes[c->nodes[i].prev];
		struct lb_line *ln = &lines[--k];
		double W = prev->pos == NONE ? c->p->first_width : c->p->width;
		ln->start = prev->start;
		ln->end = c->nodes[i].pos;
		ln->ratio = line_ratio(c, ln->start, ln->end, W);
		/* Finite so that ratio * stretch (0 here) never turns into NaN. */
		if (ln->ratio == INFINITY)
			ln->ratio = DBL_MAX;
		else if (ln->ratio == -INFINITY)
			ln->ratio = -DBL_MAX;
	}
	out->lines = lines;
	out->n = nl;
	out->demerits = c->nodes[last].total;
	return 0;
}

int
lb_break(const struct lb_item *items, size_t n, const struct lb_params *p, struct lb_result *out)
{
	if (out == NULL)
		return -1;
	memset(out, 0, sizeof *out);
	if (items == NULL || p == NULL || n == 0 || !is_forced(&items[n - 1]))
		return -1;
	for (size_t i = 0; i < n; i++)
		if (items[i].type != LB_BOX && items[i].type != LB_GLUE && items[i].type != LB_PENALTY)
			return -1;

	struct ctx c = {.items = items, .n = n, .p = p};
	int rc = -1;
	size_t nbreaks = 0;
	for (size_t i = 0; i < n; i++)
		nbreaks += is_break(items, i);
	if (nbreaks > (SIZE_MAX - 1) / NCLASS || n == SIZE_MAX)
		return -1;
	c.capnodes = 1 + NCLASS * nbreaks;
	c.w = alloc_array(n + 1, sizeof *c.w);
	c.y = alloc_array(n + 1, sizeof *c.y);
	c.z = alloc_array(n + 1, sizeof *c.z);
	c.fil = alloc_array(n + 1, sizeof *c.fil);
	c.next = alloc_array(n + 1, sizeof *c.next);
	c.boxes = alloc_array(n + 1, sizeof *c.boxes);
	c.nodes = alloc_array(c.capnodes, sizeof *c.nodes);
	c.active = alloc_array(c.capnodes, sizeof *c.active);
	if (!c.w || !c.y || !c.z || !c.fil || !c.next || !c.boxes || !c.nodes || !c.active)
		goto done;

	c.w[0] = c.y[0] = c.z[0] = 0;
	c.fil[0] = c.boxes[0] = 0;
	for (size_t i = 0; i < n; i++) {
		const struct lb_item *it = &items[i];
		int glue = it->type == LB_GLUE;
		int inf = glue && isinf(it->stretch) && it->stretch > 0;
		c.w[i + 1] = c.w[i] + (it->type == LB_PENALTY ? 0 : it->width);
		c.y[i + 1] = c.y[i] + (glue && !inf ? it->stretch : 0);
		c.z[i + 1] = c.z[i] + (glue ? it->shrink : 0);
		c.fil[i + 1] = c.fil[i] + (size_t)inf;
		c.boxes[i + 1] = c.boxes[i] + (it->type == LB_BOX);
	}
	c.next[n] = n;
	for (size_t i = n; i-- > 0;)
		c.next[i] = items[i].type == LB_BOX || is_forced(&items[i]) ? i : c.next[i + 1];

	size_t last = run(&c, 0);
	if (last == NONE) {
		out->overfull = 1;
		last = run(&c, 1);
		if (last == NONE) /* cannot happen: the emergency pass keeps a node */
			goto done;
	}
	rc = build(&c, last, out);
	if (rc != 0)
		out->overfull = 0;

done:
	free(c.w);
	free(c.y);
	free(c.z);
	free(c.fil);
	free(c.next);
	free(c.boxes);
	free(c.nodes);
	free(c.active);
	return rc;
}

void
lb_result_free(struct lb_result *r)
{
	if (r == NULL)
		return;
	free(r->lines);
	memset(r, 0, sizeof *r);
}

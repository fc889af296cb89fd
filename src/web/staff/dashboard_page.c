/* /app/: the dashboard shell. "Mijn taken" and "HDN inbox" are filled by
 * later issues (tasks, lender messages). */
#include "web/staff/pages.h"

int page_dashboard(struct req *r)
{
	json_t *ctx = json_pack("{s:s, s:[], s:b, s:[], s:b}", "nav", "dashboard", "tasks", "has_tasks", 0,
				"hdn_messages", "has_hdn", 0);
	return resp_page(r, 200, "dashboard", ctx);
}

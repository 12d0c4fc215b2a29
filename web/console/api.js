// The console's session and GraphQL door: /console (see ../shared/session.js). Operator
// sessions do not refresh: when one ends, the console asks to sign in again.

import { sessionApi } from "../shared/session.js";

export const { run, login, logout } = sessionApi("/console", { refreshes: false });

// The portal's session and GraphQL door: /portal (see ../shared/session.js).

import { sessionApi } from "../shared/session.js";

export const { run, login, logout, refresh } = sessionApi("/portal");

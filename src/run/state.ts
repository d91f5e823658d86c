/** Names of values the main step saves for the post step (`saveState`). */

/** The run the main step is following; cleared once it ends or is handed off on purpose. */
export const STATE_RUN_ID = 'vm0-run-id'

/** Which backend ran it (`v1` or `platform`): the post step cancels through the same one. */
export const STATE_API = 'vm0-api'

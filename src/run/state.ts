/** Names of values the main step saves for the post step (`saveState`). */

/** The run the main step is following; cleared once it ends or is handed off on purpose. */
export const STATE_RUN_ID = 'vm0-run-id'

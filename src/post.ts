/** The post step's entry: see run/post.ts. */
import { post } from './run/post.js'

await post()

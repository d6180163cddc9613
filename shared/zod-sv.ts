import { z } from 'zod';
import sv from 'zod/v4/locales/sv.js';

// Messages the schemas don't word themselves (wrong type, unknown field) come out in Swedish.
z.config(sv());

export { z };

/**
 * Imported by the package's entry modules for its side effect: in a process
 * Terraform started, errors thrown while the provider's modules load are
 * reported on the handshake line Terraform quotes (see `startup_failure.ts`).
 * In any other process it does nothing.
 *
 * @module
 */

import { watchStartup } from "./startup_failure.ts";

watchStartup();

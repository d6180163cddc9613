import { messagesWith } from './wiring-messages-parts';
import { personalDataVault } from './wiring-vault';

/** Reading and sending messages: the vault (texts and file names are sealed), no object storage. */
let built: ReturnType<typeof messagesWith> | undefined;
export function messages(): ReturnType<typeof messagesWith> {
  built ??= messagesWith({ vault: personalDataVault() });
  return built;
}

/** The local stack starts again in one process with other stores. */
export function resetMessages(): void {
  built = undefined;
}

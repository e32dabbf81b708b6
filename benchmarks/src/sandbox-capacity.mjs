// What the sandbox can carry: filled in once the sandbox exists.
export async function measureSandbox() {
  return [];
}

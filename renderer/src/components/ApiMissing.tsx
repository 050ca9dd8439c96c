/** Shown instead of the app when the preload bridge is missing: nothing else can work. */
export function ApiMissing({ message }: { message: string }) {
  return (
    <main className="fatal" role="alert" aria-labelledby="fatal-title">
      <h1 id="fatal-title">IAM DSN Manager cannot start</h1>
      <p>{message}</p>
    </main>
  );
}

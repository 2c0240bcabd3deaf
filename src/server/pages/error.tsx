/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
import { Layout, type Chrome } from './layout.tsx';

const TITLES: Record<number, string> = { 400: 'Bad request', 404: 'Not found', 500: 'Something went wrong', 503: 'Unavailable' };

export function ErrorPage(props: { chrome: Chrome; status: number; message: string }) {
  const title = TITLES[props.status] ?? 'Error';
  return (
    <Layout title={title} chrome={props.chrome}>
      <h1>{title}</h1>
      <p>{props.message}</p>
      <p>
        <a href="/">Back to the front page</a>
      </p>
    </Layout>
  );
}

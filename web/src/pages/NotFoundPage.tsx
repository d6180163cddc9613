import { useDocumentTitle } from '../hooks';
import { Link } from '../router';
import { pageTitle } from '../site';

export function NotFoundPage() {
  useDocumentTitle(pageTitle('Sidan finns inte'));
  return (
    <>
      <h1>Sidan finns inte</h1>
      <p>Kontrollera adressen, eller börja om från startsidan.</p>
      <p>
        <Link href="/">Till startsidan</Link>
      </p>
    </>
  );
}

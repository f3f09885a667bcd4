import { CairnMark } from '@/components/brand/cairn-mark';
import { SignInButton } from '../components/sign-in-button';
import styles from './sign-in-view.module.css';

export function SignInView({ callbackUrl, message }: { callbackUrl: string; message?: string }) {
  return (
    <main className={styles.page}>
      <section className={styles.card} aria-labelledby="signin-title">
        <div className={styles.brand}>
          <CairnMark size={40} />
          <span>Cairn</span>
        </div>
        <h1 id="signin-title" className={styles.title}>
          Sign in to the model registry
        </h1>
        <p className={styles.lead}>Find models, their versions, metrics and lineage.</p>
        {message ? (
          <p role="alert" className={styles.alert}>
            {message}
          </p>
        ) : null}
        <SignInButton callbackUrl={callbackUrl} />
        <p className={styles.note}>You will sign in with your organisation’s Cairn account.</p>
      </section>
    </main>
  );
}

import type { Translator } from '../i18n/index.ts';
import type { AccountState } from '../features/invitations/service.ts';
import { formatInstant } from './time.ts';

/** What an organisation's account looks like, as the period grid, the directory and this page say it. */
export function AccountStateTag(props: { tr: Translator; state: AccountState | undefined }) {
  const { t } = props.tr;
  const s = props.state ?? { kind: 'none' as const };
  switch (s.kind) {
    case 'active':
      return (
        <span class="account-state">
          <span class="tag tag--active">{t('account.state.active')}</span>{' '}
          <span class="muted">{s.lastSignInAt ? t('account.lastSignIn', { at: formatInstant(s.lastSignInAt) }) : t('account.neverSignedIn')}</span>
        </span>
      );
    case 'invited':
      return (
        <span class="account-state">
          <span class={`tag ${s.expired ? 'tag--warning' : 'tag--consent'}`}>{s.expired ? t('account.state.expired') : t('account.state.invited')}</span>{' '}
          <span class="muted">{t('account.invitedAt', { at: formatInstant(s.invitedAt) })}</span>
        </span>
      );
    case 'revoked':
      return <span class="tag tag--draft">{t('account.state.revoked')}</span>;
    default:
      return <span class="tag tag--draft">{t('account.state.none')}</span>;
  }
}

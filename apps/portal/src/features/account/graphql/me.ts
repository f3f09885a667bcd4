/** The caller's rights as the API sees them (governance's `me`). */
export const ME_QUERY = /* GraphQL */ `
  query Me {
    me {
      subject
      email
      orgRoles
      memberships { team role approver }
    }
  }
`;

export interface Membership {
  team: string;
  role: string;
  approver: boolean;
}

export interface Me {
  subject: string;
  email: string | null;
  orgRoles: string[];
  memberships: Membership[];
}

export type MeData = { me: Me };
